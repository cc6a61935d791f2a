import type { TechniqueSpec } from '../../types.js';
import { technique } from './common.js';

/**
 * Changes made before another technique, not edges of their own: they appear in the
 * `evidence.prerequisites` of the edges they enable (src/analysis/aws/state-changes.ts).
 */
export const PREREQUISITE_TECHNIQUES: readonly TechniqueSpec[] = [
  technique('aws:abac:RetagResource', 'prerequisite', {
    title: 'Retag a resource to satisfy a tag condition (ABAC bypass)',
    general: 'A policy that grants or denies by `aws:ResourceTag/<key>` (or a service\'s `<service>:ResourceTag/<key>`) is only as strong as the right to change that tag. A principal that may tag or untag the resource (iam:TagUser/UntagUser, iam:TagRole/UntagRole, ec2:CreateTags/DeleteTags, secretsmanager:TagResource, lambda:TagResource, ssm:AddTagsToResource, kms:TagResource…) puts it on whichever side of the condition it likes: it adds the tag an Allow asks for, or removes the tag a Deny (or a StringNotEquals Allow) keys on. leakpath tries each tag key a caller\'s policies (or the resource\'s policy) test, set to each value they name, to any other value, or removed, one key at a time; the same for the caller\'s own tags where a condition tests `aws:PrincipalTag/<key>` or compares a resource tag with `${aws:PrincipalTag/<key>}` (iam:TagUser / iam:TagRole on itself). An edge that holds only after the change carries it in `evidence.prerequisites`. When the principal that can retag is not the one the tag condition constrains, the edge runs from the retagger, through the principal it can become (CloudGoat iam_privesc_by_ec2: the user deletes a tag, then assumes the role the tag condition was holding back).',
    precondition: 'The tagging action allowed on the resource as it is tagged now, for the key and value (`aws:RequestTag/<key>`, `aws:TagKeys`), with no Deny; and the rule\'s other requests allowed once the tag has changed.',
    abuse: '`aws iam tag-user --user-name <u> --tags Key=developer,Value=true`, `aws ec2 delete-tags --resources <i-…> --tags Key=Name`, then the technique the tag condition was guarding (CloudGoat iam_privesc_by_key_rotation, iam_privesc_by_ec2).',
    opsec: 'Tag changes are management events in CloudTrail (TagUser, CreateTags, DeleteTags…), rarely alerted on.',
    fix: 'Whoever is constrained by a tag must not be able to change it: deny tagging actions on the keys used for access control (condition on `aws:TagKeys`), or allow them only with `aws:RequestTag` values that grant nothing; protect tag keys with an SCP or tag policy.',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html',
      'https://github.com/RhinoSecurityLabs/cloudgoat',
    ],
    mitre: ['T1098', 'T1078.004'],
  }),
  technique('aws:sts:TagSession', 'prerequisite', {
    title: 'Choose a role session\'s tags (session tags)',
    general: 'When a role\'s trust policy allows sts:TagSession (as single sign-on and federation setups do), whoever assumes the role passes the session\'s tags, and they become its `aws:PrincipalTag/<key>` values, overriding the role\'s own tags of the same key. Policies that grant by the caller\'s tags — "same team as the resource" ABAC with `${aws:PrincipalTag/team}`, or trusts and resource policies testing `aws:PrincipalTag/<key>` — then grant whatever the caller claims. leakpath tries, for every role whose policies (or the trusts and resource policies of the account) test a principal tag, each value a condition names or the account\'s tags give that key; an edge that holds only with the chosen tag carries the step in `evidence.prerequisites`, from the principal that assumes the role.',
    precondition: 'sts:AssumeRole and sts:TagSession on the role, allowed by the trust policy (and, unless the trust names the caller itself, by the caller\'s own policies), for the key and value (`aws:RequestTag/<key>`, `aws:TagKeys`); the role\'s policies then allow the request under the chosen tag.',
    abuse: '`aws sts assume-role --role-arn <role> --role-session-name x --tags Key=team,Value=payments`, then act in the role\'s session.',
    opsec: 'The session tags are in the AssumeRole CloudTrail event (requestParameters.tags).',
    fix: 'Allow sts:TagSession only to the identity provider that asserts the tags, and pin the values in the trust (`aws:RequestTag/<key>` conditions, `aws:TagKeys`); do not let IAM users or workloads set the tags an ABAC policy trusts.',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_attribute-based-access-control.html'],
    mitre: ['T1098', 'T1078.004'],
  }),
  technique('aws:iam:EnableMFADevice', 'prerequisite', {
    title: 'Enrol an MFA device to satisfy an MFA condition',
    general: 'A leaked access key carries no MFA, so `aws:MultiFactorAuthPresent` conditions stop it, unless the attacker can add an MFA device of its own to the user (iam:CreateVirtualMFADevice and iam:EnableMFADevice; a user may hold up to eight) and then take a session with it (sts:GetSessionToken or sts:AssumeRole with the device\'s code). The usual "manage your own MFA" policy allows exactly that without MFA, so users can enrol in the first place. leakpath re-runs the user\'s rules with MFA present where some policy tests MFA, and credits the gained edges to whoever can enrol the device: the user itself, or a principal that can also become the user (CloudGoat iam_privesc_by_key_rotation).',
    precondition: 'iam:CreateVirtualMFADevice on an `mfa/<name>` ARN and iam:EnableMFADevice on the user, allowed without MFA; a role trust or policy that allows with MFA what it refuses without.',
    abuse: '`aws iam create-virtual-mfa-device --virtual-mfa-device-name x --outfile qr.png --bootstrap-method QRCodePNG`, `aws iam enable-mfa-device --user-name <u> --serial-number <arn> --authentication-code1 … --authentication-code2 …`, then `aws sts assume-role … --serial-number <arn> --token-code …`.',
    opsec: 'CreateVirtualMFADevice and EnableMFADevice in CloudTrail; an extra device on a user is visible in the console.',
    fix: 'Do not rely on MFA conditions to protect what a user with access keys must not reach: a key that can enrol a device satisfies them. Give long-term keys no iam:EnableMFADevice (scope self-service enrolment to console users, or leave it to an identity provider), and never allow EnableMFADevice on other users.',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html', 'https://github.com/RhinoSecurityLabs/cloudgoat'],
    mitre: ['T1556.006', 'T1098'],
  }),
];

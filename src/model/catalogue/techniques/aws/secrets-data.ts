import type { TechniqueSpec } from '../../types.js';
import { technique } from './common.js';

/** Secrets that hold credentials, and access to data stores. */
export const SECRETS_DATA_TECHNIQUES: readonly TechniqueSpec[] = [
  ...secretReads(),
  technique('aws:secret:StoredIn', 'EXPOSES', {
    title: 'A credential stored in a readable place',
    general: 'The input saw an access key id in the location (an environment variable, a build variable, a stack parameter, an instance\'s user data): whoever reads the location holds that key. STORED_IN records the fact; EXPOSES is its walkable direction.',
    precondition: 'The collector recorded the key id found in a value (values themselves are never kept) and the key is in the inventory.',
    abuse: 'Read the location (CAN_READ) and use the key.',
    opsec: 'Use of the key is logged under its user.',
    fix: 'Rotate the key; move the workload to its role\'s own credentials or to Secrets Manager.',
    references: ['https://owasp.org/www-project-non-human-identities-top-10/2025/'],
    mitre: ['T1552.001'],
    owaspNhi: ['NHI2', 'NHI7'],
  }),
  ...dataAccess(),
];

function secretReads(): TechniqueSpec[] {
  const read = (id: string, action: string, what: string, abuse: string, fix: string, ref: string): TechniqueSpec =>
    technique(id, 'CAN_READ', {
      title: `Read ${what}`,
      general: `The caller reads ${what}, where credentials live.`,
      precondition: `${action} allowed by the identity policies and the resource policy when there is one, no explicit Deny; for a value encrypted with a customer KMS key named by ARN, kms:Decrypt on it too (the key policy counts).`,
      abuse,
      opsec: `${action} in CloudTrail.`,
      fix,
      references: [ref, 'https://owasp.org/www-project-non-human-identities-top-10/2025/'],
      mitre: ['T1555.006', 'T1552'],
      owaspNhi: ['NHI2', 'NHI5'],
    });
  return [
    read('aws:secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValue', 'a Secrets Manager secret', '`aws secretsmanager get-secret-value --secret-id <arn>`.', 'Scope GetSecretValue to the workloads that use the secret; add a resource policy that denies everyone else.', 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access.html'),
    read('aws:ssm:GetParameter', 'ssm:GetParameter (or GetParameters)', 'an SSM parameter', '`aws ssm get-parameter --name <name> --with-decryption`.', 'Scope parameter reads by path; use SecureString with a customer key whose policy limits decryption.', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html'),
    read('aws:lambda:GetFunctionConfiguration', 'lambda:GetFunctionConfiguration (or GetFunction)', 'the environment of a Lambda function', '`aws lambda get-function-configuration --function-name <fn>` prints the environment variables.', 'Keep credentials out of function environments (use the function role, or Secrets Manager at run time); restrict configuration reads.', 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html'),
    read('aws:codebuild:BatchGetProjects', 'codebuild:BatchGetProjects', 'the environment of a CodeBuild project', '`aws codebuild batch-get-projects --names <project>` prints PLAINTEXT environment variables.', 'Use PARAMETER_STORE or SECRETS_MANAGER variable types instead of PLAINTEXT for credentials.', 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html'),
    technique('aws:ec2:DescribeInstanceAttribute', 'CAN_READ', {
      title: 'Read the user data of an EC2 instance',
      general: 'User data is the script or cloud-config an instance boots with, and it is often where credentials are dropped: exported access keys, an `~/.aws/credentials` heredoc, a password fed to chpasswd. It is not secret storage: anyone allowed ec2:DescribeInstanceAttribute on the instance reads it back with the API, base64-decoded (gunzipped when compressed), and anyone who can run code on the instance reads it from the instance metadata service (IMDS) at `/latest/user-data` without any IAM permission; leakpath draws only the API read, since running code on the instance already yields its role. The location is drawn when the collector saw an access key id or a secret-looking value in the script (leakpath keeps the key ids and the kinds of secret, never the script); an access key id links on to that key (EXPOSES).',
      precondition: 'ec2:DescribeInstanceAttribute allowed on the instance (the action takes the instance ARN, so tag and instance-scoped conditions apply) by the identity policies, boundary and SCPs, with no explicit Deny; the collector read the instance\'s user data (describe-instance-attribute --attribute userData) and found a credential id or a secret-looking value in it.',
      abuse: '`aws ec2 describe-instance-attribute --instance-id <i-…> --attribute userData --query UserData.Value --output text | base64 -d` (pipe through `gunzip` when it starts with the gzip magic bytes); then use the keys or password found (CloudGoat data_secrets starts here).',
      opsec: 'DescribeInstanceAttribute is a read-only management event in CloudTrail, logged with the attribute asked for; it is part of routine inventory tooling and rarely alerted on. A read from IMDS on the instance leaves no CloudTrail record.',
      fix: 'Keep credentials out of user data: let the instance use its instance profile role, and fetch other secrets at boot from Secrets Manager or Parameter Store; rotate any key that was ever in user data (it stays in the attribute until changed). Limit ec2:DescribeInstanceAttribute to administrators (it is in broad read-only policies), and require IMDSv2 with a hop limit of 1 so that SSRF on the instance cannot read it.',
      references: [
        'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceAttribute.html',
        'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html',
        'https://github.com/RhinoSecurityLabs/cloudgoat/tree/master/cloudgoat/scenarios/aws/data_secrets',
        'https://owasp.org/www-project-non-human-identities-top-10/2025/',
      ],
      mitre: ['T1552.005', 'T1552.001'],
      owaspNhi: ['NHI2', 'NHI5'],
    }),
    technique('aws:secretsmanager:PutResourcePolicy', 'CAN_READ', {
      title: 'Rewrite a secret\'s resource policy, then read it',
      general: 'The caller cannot read the secret as its policies stand, but may replace its resource policy (secretsmanager:PutResourcePolicy) with one that lets it read; for a secret under a customer KMS key it cannot use, also the key policy (kms:PutKeyPolicy). Drawn only where the plain read is not allowed; HAS_ACCESS (permissions management) records the same power on the data store.',
      precondition: 'secretsmanager:PutResourcePolicy on the secret; secretsmanager:GetSecretValue allowed under a resource policy naming the caller, i.e. no Deny in the caller\'s identity policies, boundary or SCPs; kms:Decrypt on the customer key, as it stands or after kms:PutKeyPolicy. An IAM group cannot be named in a policy, so only users and roles get the edge.',
      abuse: '`aws secretsmanager put-resource-policy --secret-id <arn> --resource-policy <policy allowing you GetSecretValue>` (and `aws kms put-key-policy` when needed), then `get-secret-value`.',
      opsec: 'PutResourcePolicy (and PutKeyPolicy) in CloudTrail; the replaced policy drops every earlier grant, which breaks consumers and is noticed.',
      fix: 'Keep secretsmanager:PutResourcePolicy and kms:PutKeyPolicy with administrators; deny them in an SCP or boundary for workloads.',
      references: ['https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html', 'https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html', 'https://pathfinding.cloud/'],
      mitre: ['T1098', 'T1555.006'],
      owaspNhi: ['NHI2', 'NHI5'],
    }),
  ];
}

function dataAccess(): TechniqueSpec[] {
  const level = (id: string, name: string, what: string, examples: string): TechniqueSpec =>
    technique(id, 'HAS_ACCESS', {
      title: `${name} access to a data store`,
      general: `The caller has ${what} on a crown-jewel data resource (S3 bucket, KMS key, secret, DynamoDB table, RDS snapshot, SQS queue, SNS topic). The edge names the highest level held.`,
      precondition: `A representative action of the level (${examples}) allowed by identity and resource policies, no explicit Deny; KMS key policies must allow the caller (or delegate to IAM).`,
      abuse: 'Use the access directly with the service\'s API.',
      opsec: 'Data-plane calls are logged only when CloudTrail data events are enabled for the resource.',
      fix: 'Scope data access to the workloads that need it and keep permissions management with administrators; add resource policies that deny everyone else.',
      references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html'],
      mitre: name === 'Read' ? ['T1530'] : name === 'Write' ? ['T1485', 'T1565'] : ['T1098', 'T1530'],
    });
  return [
    level('aws:data:Read', 'Read', 'read access', 's3:GetObject, kms:Decrypt, secretsmanager:GetSecretValue, dynamodb:Scan, rds:RestoreDBInstanceFromDBSnapshot, sqs:ReceiveMessage, sns:Subscribe'),
    level('aws:data:Write', 'Write', 'write access (change or destroy)', 's3:PutObject, kms:ScheduleKeyDeletion, secretsmanager:PutSecretValue, dynamodb:PutItem, rds:DeleteDBSnapshot, sqs:SendMessage, sns:Publish'),
    level('aws:data:PermissionsManagement', 'Permissions management', 'permissions-management access (rewrite who may access it, hence read and write too)', 's3:PutBucketPolicy, kms:PutKeyPolicy, secretsmanager:PutResourcePolicy, dynamodb:PutResourcePolicy, rds:ModifyDBSnapshotAttribute, sqs:SetQueueAttributes, sns:SetTopicAttributes'),
  ];
}

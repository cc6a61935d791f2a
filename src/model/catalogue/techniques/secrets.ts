import type { TechniqueSpec } from '../types.js';
import { techniquesOf } from './define.js';

const OWASP = 'https://owasp.org/www-project-non-human-identities-top-10/2025/';
const t = techniquesOf('secrets');

/** Secret-scanner findings (collectors/secrets): where a credential was found, and what it is. */
export const SECRETS_TECHNIQUES: readonly TechniqueSpec[] = [
  t('secrets:scanner:Finding', 'EXPOSES', 'Secret scanner found the credential', {
    general:
      'A secret scanner (gitleaks, TruffleHog, detect-secrets, GitHub secret scanning) reported the credential in a repository file, commit or scanned directory: whoever can read that place holds the credential. The finding is joined to the inventoried credential by what its value implies (an AWS access key id, an Entra secret\'s hint and app id, a GCP key\'s private_key_id, a token\'s issuer and subject, a GitHub token\'s last eight characters), never by the value itself. STORED_IN records the fact; EXPOSES is its walkable direction.',
    precondition:
      'A finding whose identifiers name the credential. An AWS finding that shows only the key id assumes the secret access key lies beside it (the edge is conditional); an Entra hint shared by several secrets of the app links to each, conditionally.',
    abuse: 'Read the file or commit (clone the repository, browse its history, fetch the blob) and use the credential.',
    opsec: 'Repository reads are rarely logged; use of the credential appears in the target provider\'s audit log.',
    fix: 'Revoke or rotate the credential first, then remove it from the file and the history; prevent recurrence with push protection / pre-commit scanning.',
    references: [OWASP, 'https://github.com/gitleaks/gitleaks', 'https://github.com/trufflesecurity/trufflehog', 'https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning'],
  }, { owaspNhi: ['NHI2'], mitre: ['T1552.001'] }),
  t('secrets:scanner:VerifiedOwner', 'AUTHENTICATES_AS', 'Scanner verified whose credential it is', {
    general: 'The scanner verified the credential against its provider and named the identity it signs in as (TruffleHog\'s AWS detector returns the caller ARN), while the inventory does not list the credential itself.',
    precondition: 'A verified finding naming an identity that is in the inventory.',
    abuse: 'Use the credential as the identity.',
    opsec: 'The scanner\'s own verification call (sts:GetCallerIdentity) is in the identity\'s audit log.',
    fix: 'Revoke the credential; collect the identity\'s credentials so the inventory shows it.',
    references: ['https://github.com/trufflesecurity/trufflehog', OWASP],
  }, { owaspNhi: ['NHI2'], mitre: ['T1078.004'] }),
  t('secrets:oidc:LeakedToken', 'AUTHENTICATES_AS', 'Leaked workload identity token', {
    general:
      'The finding is a signed JWT (a Kubernetes service-account token, a CI OIDC token) whose issuer and subject name a workload identity: until it expires, whoever holds it presents it as that workload, to the issuer\'s own API and to every cloud trust that federates the subject.',
    precondition: 'A JWT with `iss` and `sub` that has not expired at analysis time (legacy Kubernetes secret tokens have no expiry). Federation also checks the audience the token was minted for, which is fixed in a leaked token.',
    abuse: 'Send the token as a bearer token, or exchange it (sts:AssumeRoleWithWebIdentity, Entra client assertion, GCP STS) where a trust accepts its issuer, subject and audience.',
    opsec: 'Token use appears under the workload\'s identity; the exchange is in the cloud\'s audit log.',
    fix: 'Delete the secret holding a legacy token or rotate the service account; tokens expire, but trusts should pin audiences and subjects tightly.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/', OWASP],
  }, { owaspNhi: ['NHI2', 'NHI7'], mitre: ['T1528'] }),
  t('secrets:kubernetes:ServiceAccountToken', 'AUTHENTICATES_AS', 'Leaked Kubernetes service-account token', {
    general: 'A scanner found a Kubernetes service-account token: the API server of its cluster accepts it as the service account, with every RBAC right the service account has — besides the cloud trusts its oidc: subject federates into.',
    precondition: 'A JWT naming a namespace and service account (kubernetes.io claims or a system:serviceaccount:<ns>:<sa> subject), not expired at analysis time, whose issuer is a collected cluster\'s oidcIssuer (the Kubernetes inventory\'s envelope or cloud description) and whose service account is in that cluster\'s export. A legacy token (issuer kubernetes/serviceaccount) names no cluster: one conditional edge per cluster that has the service account.',
    abuse: '`kubectl --server <api> --token <token> auth can-i --list`, then use the rights.',
    opsec: 'Requests appear in the audit log as system:serviceaccount:<ns>:<sa>, from an unusual source address.',
    fix: 'Delete the legacy token secret or the pod the token is bound to (bound tokens die with it), or recreate the service account; then remove the token from the repository history.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/', OWASP],
  }, { owaspNhi: ['NHI2', 'NHI7'], mitre: ['T1528', 'T1078.001'] }),
];

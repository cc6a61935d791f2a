import type { AwsUser, PolicyStatement } from '../../../model/inventory/index.js';
import type { AwsPrincipal } from '../principals.js';
import { best, candidateArns, grant, type Grant } from './common.js';

/**
 * A leaked access key carries no MFA, so conditions that demand MFA stop it: unless the attacker
 * can enrol an MFA device of its own on the user (iam:CreateVirtualMFADevice + iam:EnableMFADevice;
 * a user may hold several devices) and then take an MFA session (sts:GetSessionToken or
 * sts:AssumeRole with the device's code). The common "manage your own MFA" policy allows exactly
 * that without MFA, so that users can enrol in the first place.
 */

const MFA_KEY = /^aws:multifactorauth(present|age)$/i;

export function testsMfa(statements: readonly PolicyStatement[]): boolean {
  return statements.some((s) => Object.values(s.Condition ?? {}).some((block) => Object.keys(block).some((k) => MFA_KEY.test(k))));
}

/** The requests that enrol a new virtual MFA device on the user, if the enroller may make them. */
export function mfaEnrolmentGrants(enroller: AwsPrincipal, user: AwsUser, account: string): Grant[] | undefined {
  const devices = candidateArns(enroller, ['iam:CreateVirtualMFADevice'], `arn:aws:iam::${account}:mfa/*`);
  const options = devices.map((device) => ({ grants: [grant(enroller, 'iam:CreateVirtualMFADevice', device), grant(enroller, 'iam:EnableMFADevice', user.arn)] }));
  return best(options)?.grants;
}

/** The user's requests once it signs in with MFA: a session, authenticated with MFA just now. */
export function withMfa(p: AwsPrincipal): AwsPrincipal {
  const base = p.conditions;
  return {
    ...p,
    conditions: (key) => {
      const k = key.toLowerCase();
      if (k === 'aws:multifactorauthpresent') return [['true']];
      if (k === 'aws:multifactorauthage') return [['1']];
      // The MFA session is the attacker's, issued when it acts.
      if (k === 'aws:tokenissuetime') return p.context['aws:CurrentTime'] !== undefined ? [[p.context['aws:CurrentTime']]] : undefined;
      return base(key);
    },
  };
}

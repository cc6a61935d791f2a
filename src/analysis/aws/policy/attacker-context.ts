import type { ConditionContext, KeyValue } from './conditions.js';
import type { RequestContext } from './variables.js';

export type CallerType = 'user' | 'role' | 'account';

/**
 * The time keys of a request the attacker makes at `at` (the analysis time: the attacker acts on
 * the estate as the inventory shows it). `aws:TokenIssueTime` exists only for temporary
 * credentials: a role session the attacker creates is issued at `at`; a leaked long-term key has
 * none (set absent in attackerContext); for an account outside the inventory the attacker may use
 * either, so it stays unknown. Kept in the request variables so that policy variables
 * (`${aws:CurrentTime}`) resolve and changed principals (retags, session tags) keep them.
 */
export function requestTimeKeys(type: CallerType, at: Date): RequestContext {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'aws:CurrentTime': iso,
    'aws:EpochTime': String(Math.floor(at.getTime() / 1000)),
    ...(type === 'role' ? { 'aws:TokenIssueTime': iso } : {}),
  };
}

/**
 * The clock keys of a principal's requests, for a request an AWS service makes on the attacker's
 * behalf at the same moment (a service assuming a passed role): the time, not the token keys.
 */
export function clockOf(vars: RequestContext): RequestContext {
  const out: RequestContext = {};
  for (const k of ['aws:CurrentTime', 'aws:EpochTime']) if (vars[k] !== undefined) out[k] = vars[k];
  return out;
}

/**
 * The condition keys an attacker's request carries, as far as the attacker's own request and the
 * inventory settle them. The attacker holds a leaked long-term key, or a role session it creates
 * from one (sts:AssumeRole): no MFA, ever (aws:MultiFactorAuthPresent is absent for long-term keys
 * and `false` for such sessions: AWS puts it in every request made with temporary credentials), no aws:TokenIssueTime for a long-term key (a session's is
 * its creation time, in `vars` from requestTimeKeys), direct calls (aws:ViaAWSService false) by no
 * AWS service, over HTTPS, with no aws:username for a role session. Principal tags are known in
 * full from the export, so a tag the principal lacks is known to be absent. Anything else is
 * unknown. docs/aws-evaluator.md lists every key and how it is settled.
 */
export function attackerContext(vars: RequestContext, type: CallerType): ConditionContext {
  const known = new Map<string, KeyValue[]>();
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) known.set(k.toLowerCase(), [[v]]);
  const absent: KeyValue[] = [null];
  // AWS: present exactly for temporary credentials, false unless MFA validated them.
  known.set('aws:multifactorauthpresent', type === 'role' ? [['false']] : absent);
  known.set('aws:multifactorauthage', absent);
  known.set('aws:viaawsservice', [['false']]);
  known.set('aws:securetransport', [['true']]);
  known.set('aws:principalisawsservice', [['false']]);
  known.set('aws:principalservicename', absent);
  if (type === 'user') known.set('aws:tokenissuetime', absent);
  // A role session has no user name (aws:userid is role-id:session-name, the session name the
  // attacker's choice, so it stays unknown unless the vars give it).
  if (type === 'role') known.set('aws:username', absent);
  return (key) => {
    const k = key.toLowerCase();
    const hit = known.get(k);
    if (hit) return hit;
    if (type !== 'account' && k.startsWith('aws:principaltag/')) return absent;
    return undefined;
  };
}

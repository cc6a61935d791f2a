import type { ConditionContext, KeyValue } from './conditions.js';
import type { RequestContext } from './variables.js';

/**
 * The condition keys an attacker's request carries, as far as the inventory settles them. The
 * attacker holds a leaked long-term key, or a role session chained from one: no MFA, ever
 * (aws:MultiFactorAuthPresent is absent for long-term keys and absent or false for such sessions),
 * no aws:TokenIssueTime for a long-term key (a session has one, at a time the data cannot tell),
 * direct calls (aws:ViaAWSService false) by no AWS service, over HTTPS. Principal tags are known in
 * full from the export, so a tag the principal lacks is known to be absent. Anything else is
 * unknown.
 */
export function attackerContext(vars: RequestContext, type: 'user' | 'role' | 'account'): ConditionContext {
  const known = new Map<string, KeyValue[]>();
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) known.set(k.toLowerCase(), [[v]]);
  const absent: KeyValue[] = [null];
  known.set('aws:multifactorauthpresent', type === 'role' ? [null, ['false']] : absent);
  known.set('aws:multifactorauthage', absent);
  known.set('aws:viaawsservice', [['false']]);
  known.set('aws:securetransport', [['true']]);
  known.set('aws:principalisawsservice', [['false']]);
  known.set('aws:principalservicename', absent);
  if (type === 'user') known.set('aws:tokenissuetime', absent);
  return (key) => {
    const k = key.toLowerCase();
    const hit = known.get(k);
    if (hit) return hit;
    if (type !== 'account' && k.startsWith('aws:principaltag/')) return absent;
    return undefined;
  };
}

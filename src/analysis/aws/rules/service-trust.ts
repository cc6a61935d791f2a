import type { AwsRole } from '../../../model/inventory/index.js';
import { authorize } from '../policy/authorize.js';
import type { Decision } from '../policy/evaluate.js';
import type { OrgControls } from '../policy/org.js';
import { asList } from '../policy/statements.js';
import type { RequestContext } from '../policy/variables.js';

/** Services a role's trust policy lets assume it: the index PassRole rules pair candidates by. */
export function trustedServices(role: AwsRole): string[] {
  const out = new Set<string>();
  for (const s of role.trustPolicy.Statement) {
    if (s.Effect !== 'Allow' || s.Principal === undefined || s.Principal === '*') continue;
    for (const svc of asList(s.Principal.Service)) out.add(svc);
  }
  return [...out];
}

/** `aws:SourceArn` values a trust policy pins, to offer as names for the attacker's new resource. */
export function trustSourceArns(role: AwsRole): string[] {
  const out: string[] = [];
  for (const s of role.trustPolicy.Statement) {
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [key, value] of Object.entries(block)) {
        if (key.toLowerCase() === 'aws:sourcearn') out.push(...asList(value).map(String));
      }
    }
  }
  return out;
}

/**
 * Whether the role's trust lets `service` assume it on behalf of a resource `sourceArn` in
 * `accountId`. The service sends aws:SourceAccount and aws:SourceArn of the resource it acts for
 * (confused-deputy protection), so trusts pinned to them are judged with those values rather than
 * dropped for lack of context; any other condition stays unknown and makes the result conditional.
 * The full evaluator decides, so the organization's RCPs on sts (which often enforce exactly that
 * protection) count too. `clock`: the time keys of the attacker's request that sets it off.
 */
export function serviceTrust(role: AwsRole, service: string, accountId: string, sourceArn: string, org?: OrgControls, clock: RequestContext = {}): Decision {
  return authorize({
    principal: { service, ...(org ? { org } : {}) },
    action: 'sts:AssumeRole',
    resource: role.arn,
    resourcePolicy: role.trustPolicy,
    context: { ...clock, 'aws:SourceAccount': accountId, 'aws:SourceArn': sourceArn },
  });
}

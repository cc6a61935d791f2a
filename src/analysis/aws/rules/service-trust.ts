import type { AwsRole, PolicyStatement } from '../../../model/inventory/index.js';
import { evaluateStatements, type Decision } from '../policy/evaluate.js';
import { asList, sourced } from '../policy/statements.js';
import { keys } from './common.js';

/** Service principals a trust statement names (`*` admits every principal, services included). */
function namesService(s: PolicyStatement, service: string): boolean {
  if (s.NotPrincipal !== undefined) {
    if (s.NotPrincipal === '*') return false;
    return !asList(s.NotPrincipal.Service).includes(service);
  }
  if (s.Principal === '*') return true;
  return s.Principal !== undefined && asList(s.Principal.Service).includes(service);
}

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
 */
export function serviceTrust(role: AwsRole, service: string, accountId: string, sourceArn: string): Decision {
  const statements = sourced(role.trustPolicy, { type: 'trust-policy', source: `${role.arn} trust policy` }).filter((s) => namesService(s.statement, service));
  const context = keys({ 'aws:SourceAccount': accountId, 'aws:SourceArn': sourceArn });
  return evaluateStatements(statements, { action: 'sts:AssumeRole', resource: role.arn, context: {}, conditions: context });
}

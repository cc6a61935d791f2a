import type { AwsAccount } from '../../../model/inventory/index.js';
import { asList } from '../policy/statements.js';

/**
 * Trust conditions that compare `aws:PrincipalArn` with a role-session ARN
 * (`arn:aws:sts::ACCT:assumed-role/ROLE/*`). AWS puts the role's ARN in that key for a role session,
 * never the session's, so such a value matches no caller: the statement is evaluated as written
 * (an Allow grants nothing through it), and the author most likely meant the role ARN or
 * `aws:userid`. Said once per statement, so that a missing edge is explained.
 */
export function sessionArnConditionWarnings(account: AwsAccount): string[] {
  const out: string[] = [];
  for (const role of account.roles) {
    role.trustPolicy.Statement.forEach((s, i) => {
      for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
        for (const [key, raw] of Object.entries(keys)) {
          if (key.toLowerCase() !== 'aws:principalarn') continue;
          const sessions = asList(raw as string | string[]).filter((v) => typeof v === 'string' && v.includes(':assumed-role/'));
          if (sessions.length === 0) continue;
          out.push(
            `aws: ${role.arn} trust statement ${s.Sid ?? `#${i}`} tests ${operator} aws:PrincipalArn against role-session ARNs (${sessions.join(', ')}); AWS sets aws:PrincipalArn to the role's ARN for a session, so these values match no caller (use the role ARN, or aws:userid for the session)`,
          );
        }
      }
    });
  }
  return out;
}

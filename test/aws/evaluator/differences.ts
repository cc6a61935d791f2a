/**
 * Deliberate differences between leakpath's evaluator and iam-simulate, each documented in
 * docs/aws-evaluator.md. A difference is "explained" only if rewriting the case into an
 * unambiguous equivalent (`normalise`) makes both evaluators agree AND leaves leakpath's own
 * verdict unchanged: the rewrite must not change what the policy means to us.
 */
import type { Case, Json } from './generate.js';
import { requestContext } from './oracle.js';

export interface KnownDifference {
  id: string;
  why: string;
  normalise: (c: Case) => Case;
}

type Statement = Json & { Condition?: Record<string, Record<string, string | string[]>> };

function mapStatementLists(c: Case, f: (s: Statement[]) => Statement[]): Case {
  const doc = (d: Json | undefined) => d && { ...d, Statement: f(d.Statement as Statement[]) };
  const levels = (ls: Case['scps']) => ls?.map((l) => ({ ...l, policies: l.policies.map((p) => doc(p)!) }));
  return {
    ...c,
    identity: c.identity.map((d) => doc(d)!),
    ...(c.boundary ? { boundary: doc(c.boundary)! } : {}),
    ...(c.resourcePolicy ? { resourcePolicy: doc(c.resourcePolicy)! } : {}),
    ...(c.scps ? { scps: levels(c.scps)! } : {}),
    ...(c.rcps ? { rcps: levels(c.rcps)! } : {}),
  };
}

const mapStatements = (c: Case, f: (s: Statement) => Statement) => mapStatementLists(c, (ss) => ss.map(f));

function mapConditionValues(c: Case, op: RegExp, f: (v: string) => string): Case {
  return mapStatements(c, (s) => {
    if (!s.Condition) return s;
    const Condition = Object.fromEntries(
      Object.entries(s.Condition).map(([name, keys]) => [
        name,
        op.test(name) ? Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Array.isArray(v) ? v.map(f) : f(v)])) : keys,
      ]),
    );
    return { ...s, Condition };
  });
}

const VARIABLE = /\$\{([^}]+)\}/g;

/** Whether a value names a policy variable the case's request does not define. */
function unresolvable(c: Case, value: string): boolean {
  const defined = new Set(Object.keys(requestContext(c)).map((k) => k.toLowerCase()));
  return [...value.matchAll(VARIABLE)].some((m) => !defined.has(m[1]!.split(',')[0]!.trim().toLowerCase()));
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    id: 'notresource-unresolvable-variable',
    why: 'A NotResource value whose policy variable the request lacks makes the statement not apply (AWS: an unresolvable variable can invalidate the statement). iam-simulate agrees for ARNs with a resource-type segment (instance/…) but applies the statement for ARNs without one (SQS queues).',
    normalise: (c) =>
      mapStatementLists(c, (statements) =>
        statements.filter((s) => {
          const nr = s.NotResource as string | string[] | undefined;
          return nr === undefined || ![nr].flat().some((v) => unresolvable(c, v));
        }),
      ),
  },
  {
    id: 'date-epoch-seconds',
    why: 'Date operators accept epoch time in seconds (as aws:EpochTime is); iam-simulate reads a bare number as milliseconds.',
    normalise: (c) => mapConditionValues(c, /^(ForAllValues:|ForAnyValue:)?Date/i, (v) => (/^\d+$/.test(v) ? new Date(Number(v) * 1000).toISOString() : v)),
  },
  {
    id: 'ip-host-without-prefix',
    why: 'A bare address in IpAddress/NotIpAddress is a single host (/32 or /128); iam-simulate does not parse it when the request address is of the other family, so NotIpAddress is false there.',
    normalise: (c) => mapConditionValues(c, /IpAddress/i, (v) => (v.includes('/') ? v : `${v}/${v.includes(':') ? 128 : 32}`)),
  },
  {
    id: 'forany-ifexists-missing-key',
    why: 'ForAnyValue:…IfExists on a key the request lacks is true (IfExists: "if the key is not present, the condition is true"); iam-simulate lets ForAnyValue win and makes it false.',
    normalise: (c) => {
      const present = new Set(Object.keys(requestContext(c)).map((k) => k.toLowerCase()));
      return mapStatements(c, (s) => {
        if (!s.Condition) return s;
        const entries = Object.entries(s.Condition)
          .map(([op, keys]) => {
            const drop = /^ForAnyValue:.*IfExists$/i.test(op);
            return [op, Object.fromEntries(Object.entries(keys).filter(([k]) => !drop || present.has(k.toLowerCase())))] as const;
          })
          .filter(([, keys]) => Object.keys(keys).length > 0);
        const { Condition: _dropped, ...rest } = s;
        return entries.length > 0 ? { ...rest, Condition: Object.fromEntries(entries) } : rest;
      });
    },
  },
  {
    id: 'notprincipal-aws-star',
    why: 'NotPrincipal {"AWS": "*"} excludes every AWS principal, as Principal {"AWS": "*"} names every one; iam-simulate reads it as excluding no one.',
    normalise: (c) =>
      mapStatements(c, (s) => {
        const np = s.NotPrincipal as Record<string, unknown> | undefined;
        const aws = np && np.AWS;
        return aws === '*' || (Array.isArray(aws) && aws.includes('*')) ? { ...s, NotPrincipal: '*' } : s;
      }),
  },
];

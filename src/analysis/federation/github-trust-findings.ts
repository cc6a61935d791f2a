import type { AwsInventory, GithubInventory, Inventory } from '../../model/inventory/index.js';
import { asList } from '../aws/policy/statements.js';
import { jobContexts } from '../github/contexts.js';

/**
 * Trust hygiene of GitHub Actions federation, as findings with their fix (Datadog Security Labs'
 * "No keys attached", ActionScope AS007/AS008, Astrix on recyclable names):
 * - an AWS trust on GitHub's OIDC provider with no `sub` condition: every repository on GitHub;
 * - a wildcard in the owner part of `sub` (`repo:*`, `repo:ac*`): other owners' repositories;
 * - an org-wide wildcard (`repo:acme/*`): every repository of the org, new ones and pull requests;
 * - a `sub` naming a repository the collected organisation does not have (deleted or renamed:
 *   whoever re-creates the name inherits the trust);
 * - a workflow job that mints tokens from a branch anyone with write access pushes to.
 * The paths themselves are edges (FEDERATES from the token nodes); these say what to fix.
 */
const GITHUB_HOST = 'token.actions.githubusercontent.com';
const PROVIDER = new RegExp(`^arn:aws[\\w-]*:iam::\\d{12}:oidc-provider/${GITHUB_HOST.replace(/\./g, '\\.')}$`, 'i');
const PIN = 'pin the subject with StringEquals to the exact repository and an environment with required reviewers, e.g. repo:ORG/REPO:environment:production';

interface SubCondition {
  operator: string;
  values: string[];
}

function subConditions(condition: Record<string, Record<string, unknown>> | undefined): SubCondition[] {
  const out: SubCondition[] = [];
  for (const [operator, block] of Object.entries(condition ?? {})) {
    for (const [key, v] of Object.entries(block)) if (key.toLowerCase() === `${GITHUB_HOST}:sub`) out.push({ operator, values: asList(v as string | string[]).map(String) });
  }
  return out;
}

/** `repo:OWNER/REPO:…` (or the immutable `repo:OWNER@ID/REPO@ID:…`) → owner and repo parts. */
function parts(sub: string): { owner: string; repo?: string } | undefined {
  const m = /^repo:([^/:]+)(?:\/([^:]*))?/.exec(sub);
  return m ? { owner: m[1]!, ...(m[2] !== undefined ? { repo: m[2] } : {}) } : undefined;
}

function awsTrustFindings(inv: AwsInventory, github: readonly GithubInventory[]): string[] {
  const out: string[] = [];
  const orgs = new Map(github.map((g) => [g.org.toLowerCase(), g]));
  for (const account of inv.accounts) {
    for (const role of account.roles) {
      role.trustPolicy.Statement.forEach((s, i) => {
        if (s.Effect !== 'Allow' || !s.Principal || s.Principal === '*') return;
        if (!asList(s.Principal.Federated).some((a) => PROVIDER.test(a))) return;
        const where = `role ${role.arn} (trust statement ${s.Sid ?? i})`;
        const subs = subConditions(s.Condition as Record<string, Record<string, unknown>> | undefined);
        if (subs.length === 0) {
          out.push(`federation: ${where} trusts GitHub Actions with no ${GITHUB_HOST}:sub condition: a workflow in any repository on GitHub becomes the role. Fix: ${PIN}`);
          return;
        }
        for (const c of subs) {
          const like = /like/i.test(c.operator);
          for (const v of c.values) {
            const p = parts(v);
            if (!like && /[*?]/.test(v)) {
              out.push(`federation: ${where} compares ${GITHUB_HOST}:sub with ${c.operator} against "${v}": the wildcard is taken literally and matches nothing (broken, not open). Fix: StringLike, or better an exact subject`);
              continue;
            }
            if (!like) {
              const org = p && orgs.get(p.owner.toLowerCase());
              if (org && p.repo && !p.owner.includes('@') && !org.repos.some((r) => r.name.toLowerCase() === p.repo!.toLowerCase())) {
                out.push(`federation: ${where} trusts "${v}", but ${p.owner} has no repository ${p.repo} (deleted or renamed): whoever creates that name inherits the role. Fix: remove the subject, or use the immutable form repo:${p.owner}@OWNER_ID/${p.repo}@REPO_ID`);
              }
              continue;
            }
            if (!p || /[*?]/.test(p.owner)) {
              out.push(`federation: ${where} trusts ${GITHUB_HOST}:sub "${v}": the wildcard covers the owner, so repositories of other GitHub accounts match. Fix: ${PIN}`);
            } else if (p.repo !== undefined && /^[*?]/.test(p.repo)) {
              out.push(`federation: ${where} trusts ${GITHUB_HOST}:sub "${v}": every repository of ${p.owner}, including new ones and pull requests, becomes the role. Fix: ${PIN}`);
            } else if (/:\*$/.test(v) || /:pull_request/.test(v)) {
              out.push(`federation: ${where} trusts ${GITHUB_HOST}:sub "${v}": pull requests and every branch of the repository qualify. Fix: ${PIN}`);
            }
          }
        }
      });
    }
  }
  return out;
}

/** Jobs that mint tokens on a branch no protection or environment guards. */
function unprotectedMinting(inv: GithubInventory): string[] {
  const out: string[] = [];
  for (const c of jobContexts(inv)) {
    if (!c.idToken || c.environment || c.via !== 'push' || c.token.context === 'pull_request') continue;
    if (c.repo.protections.some((p) => p.branch === c.branch && (p.requiredReviews ?? 0) > 0)) continue;
    out.push(`github: ${c.repo.fullName} ${c.workflow.path} job ${c.job.id} mints OIDC tokens (${c.subject ?? c.token.context}) on ${c.newBranch ? 'any new branch' : `branch ${c.branch}`}, which anyone with write access pushes to unreviewed. Fix: move the job behind an environment with required reviewers and pin cloud trusts to it`);
  }
  return [...new Set(out)];
}

export function githubTrustFindings(inventories: readonly Inventory[]): string[] {
  const github = inventories.filter((i): i is GithubInventory => i.provider === 'github');
  return [
    ...inventories.flatMap((i) => (i.provider === 'aws' ? awsTrustFindings(i, github) : [])),
    ...github.flatMap(unprotectedMinting),
  ];
}

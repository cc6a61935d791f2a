import type { AwsOrganization } from '../../../model/inventory/index.js';
import { rcpSupported } from './iam-data.js';
import { sourced, type SourcedStatement } from './statements.js';

/** The control policies attached at one level of the OU path (the root, an OU, or the account). */
export interface ControlLevel {
  target: string;
  statements: SourcedStatement[];
}

type PolicyType = AwsOrganization['policies'][number]['type'];

/**
 * SCPs and RCPs along the OU tree. Every level from the root down to the account must allow
 * (SCPs) and none may deny. A level with no SCP attached in the data is skipped rather than read
 * as "deny everything": AWS requires at least one SCP per level, so an empty level means the data
 * is incomplete, and skipping it over-approximates what the attacker can do.
 */
export class OrgControls {
  private readonly levels = new Map<string, ControlLevel[] | undefined>();

  constructor(readonly org: AwsOrganization) {}

  /** Root-first path of node ids above an account (root, OUs…, the account itself), or undefined. */
  pathOf(accountId: string): string[] | undefined {
    if (!(accountId in this.org.parents)) return undefined;
    const path = [accountId];
    const seen = new Set(path);
    for (let node = this.org.parents[accountId]; node !== undefined && !seen.has(node); node = this.org.parents[node]) {
      path.unshift(node);
      seen.add(node);
    }
    return path;
  }

  isMember(accountId: string): boolean {
    return this.pathOf(accountId) !== undefined || accountId === this.org.managementAccountId;
  }

  /** `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths`: `o-…/r-…/ou-…/` down to the account's parent. */
  orgPath(accountId: string): string | undefined {
    const path = this.pathOf(accountId);
    return path ? `${[this.org.id, ...path.slice(0, -1)].join('/')}/` : undefined;
  }

  private chain(accountId: string, type: PolicyType): ControlLevel[] | undefined {
    const key = `${type}/${accountId}`;
    if (this.levels.has(key)) return this.levels.get(key);
    const path = this.pathOf(accountId);
    const policies = this.org.policies.filter((p) => p.type === type);
    const chain =
      path && policies.length > 0
        ? path
            .map((target) => ({
              target,
              statements: policies
                .filter((p) => p.targets.includes(target))
                .flatMap((p) => {
                  const scp = type === 'SERVICE_CONTROL_POLICY';
                  return sourced(p.document, { type: scp ? 'scp' : 'rcp', source: `${p.name} (${p.arn})`, detail: `${scp ? 'SCP' : 'RCP'} attached to ${target}` });
                }),
            }))
            .filter((level) => level.statements.length > 0)
        : undefined;
    this.levels.set(key, chain);
    return chain;
  }

  /**
   * The SCP levels capping a principal, or undefined when none apply: the management account and
   * service-linked roles (path `/aws-service-role/`) are exempt.
   */
  scpsFor(accountId: string, principalPath?: string): ControlLevel[] | undefined {
    if (accountId === this.org.managementAccountId || isServiceLinkedPath(principalPath)) return undefined;
    return this.chain(accountId, 'SERVICE_CONTROL_POLICY');
  }

  /**
   * The RCP levels capping a resource, or undefined when none apply: resources of the management
   * account, services RCPs do not cover, and requests by service-linked roles are exempt. Only RCP
   * Denies matter: RCPFullAWSAccess is attached to every level and cannot be detached.
   */
  rcpsFor(resourceAccount: string, service: string, principalPath?: string): ControlLevel[] | undefined {
    if (resourceAccount === this.org.managementAccountId || isServiceLinkedPath(principalPath)) return undefined;
    if (!rcpSupported(service)) return undefined;
    return this.chain(resourceAccount, 'RESOURCE_CONTROL_POLICY');
  }
}

export const isServiceLinkedPath = (path: string | undefined) => path?.startsWith('/aws-service-role/') ?? false;

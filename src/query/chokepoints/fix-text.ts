import { techniqueSpec } from '../../model/catalogue/index.js';
import type { GraphEdge } from '../../model/graph.js';
import type { FixUnit } from './fix-units.js';

export interface Fix {
  /** The change, in words. */
  summary: string;
  /** CLI commands that make (or prepare) the change, where they can be stated from the evidence. */
  commands: string[];
}

const IAM_PRINCIPAL = /^arn:aws[\w-]*:iam::\d{12}:(user|role|group)\/(?:.*\/)?([\w+=,.@-]+)$/;
const INLINE = /^(arn:aws[\w-]*:iam::\d{12}:(?:user|role|group)\/[^ ]+) inline policy (.+)$/;
const TRUST = /^(arn:aws[\w-]*:iam::\d{12}:role\/[^ ]+) trust policy$/;
const ARM_ID = /^\/(subscriptions|providers)\//i;

const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function principal(arn: string): { type: 'user' | 'role' | 'group'; name: string } | undefined {
  const m = IAM_PRINCIPAL.exec(arn);
  return m ? { type: m[1] as 'user' | 'role' | 'group', name: m[2]! } : undefined;
}

function statementFix(unit: FixUnit): Fix | undefined {
  const ref = unit.ref!;
  const stmt = ref.statement ? `statement ${ref.statement}` : 'the statement';
  const inline = INLINE.exec(ref.source);
  if (inline) {
    const p = principal(inline[1]!);
    if (p) {
      const file = `${inline[2]!.replace(/[^\w.-]/g, '_')}.json`;
      return {
        summary: `Remove or narrow ${stmt} of the inline policy ${inline[2]} of ${p.type} ${p.name}.`,
        commands: [
          `aws iam get-${p.type}-policy --${p.type}-name ${q(p.name)} --policy-name ${q(inline[2]!)} --query PolicyDocument > ${file}`,
          `# edit ${file}: remove or narrow ${stmt}`,
          `aws iam put-${p.type}-policy --${p.type}-name ${q(p.name)} --policy-name ${q(inline[2]!)} --policy-document file://${file}`,
        ],
      };
    }
  }
  const trust = TRUST.exec(ref.source);
  // A role name IAM would refuse (a crafted export) gets the generic fix text, not a crash.
  const p = trust ? principal(trust[1]!) : undefined;
  if (p) {
    return {
      summary: `Remove or narrow ${stmt} of the trust policy of role ${p.name} (stop trusting the caller, or add a condition that excludes it).`,
      commands: [
        `aws iam get-role --role-name ${q(p.name)} --query Role.AssumeRolePolicyDocument > trust.json`,
        `# edit trust.json: remove or narrow ${stmt}`,
        `aws iam update-assume-role-policy --role-name ${q(p.name)} --policy-document file://trust.json`,
      ],
    };
  }
  if (ref.source.startsWith('arn:') && ref.source.includes(':policy/')) {
    return {
      summary: `Remove or narrow ${stmt} of the managed policy ${ref.source} (this changes every principal it is attached to).`,
      commands: [
        `aws iam get-policy-version --policy-arn ${q(ref.source)} --version-id $(aws iam get-policy --policy-arn ${q(ref.source)} --query Policy.DefaultVersionId --output text) --query PolicyVersion.Document > policy.json`,
        `# edit policy.json: remove or narrow ${stmt}`,
        `aws iam create-policy-version --policy-arn ${q(ref.source)} --policy-document file://policy.json --set-as-default`,
      ],
    };
  }
  return { summary: `Remove or narrow ${stmt} of ${ref.source}.`, commands: [] };
}

function attachmentFix(unit: FixUnit): Fix {
  const holder = /^attached to (\S+)/.exec(unit.ref!.detail ?? '')![1]!;
  const p = principal(holder);
  const summary = `Detach the managed policy ${unit.ref!.source} from ${holder}, or replace it with a narrower one.`;
  return p ? { summary, commands: [`aws iam detach-${p.type}-policy --${p.type}-name ${q(p.name)} --policy-arn ${q(unit.ref!.source)}`] } : { summary, commands: [] };
}

function roleAssignmentFix(unit: FixUnit): Fix {
  const ref = unit.ref!;
  const what = ref.detail ? ` (${ref.detail})` : '';
  if (ARM_ID.test(ref.source)) {
    return { summary: `Delete the Azure role assignment ${ref.source}${what}, or narrow its role or scope.`, commands: [`az role assignment delete --ids ${q(ref.source)}`] };
  }
  const directory = /^roleAssignment (\S+)$/.exec(ref.source);
  if (directory) {
    return {
      summary: `Remove the directory role assignment ${directory[1]}${what}.`,
      commands: [`az rest --method DELETE --url https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments/${directory[1]}`],
    };
  }
  const eligible = /^roleEligibilityScheduleInstance (\S+)$/.exec(ref.source);
  if (eligible) {
    return { summary: `Remove the PIM eligibility ${eligible[1]}${what} (Entra ID → Privileged Identity Management → Assignments → Eligible).`, commands: [] };
  }
  const role = /^directory role (.+)$/.exec(ref.source);
  if (role) {
    return { summary: `The directory role ${role[1]} grants this${what}: remove the role from the principals that hold it and do not need it (their HAS_ROLE edges), or use a narrower role.`, commands: [] };
  }
  return { summary: `Remove the role assignment ${ref.source}${what}.`, commands: [] };
}

function grantFix(unit: FixUnit, edges: GraphEdge[]): Fix {
  const ref = unit.ref!;
  const app = /^appRoleAssignment (\S+)$/.exec(ref.source);
  if (app) {
    const holder = /granted to (\S+)/.exec(ref.detail ?? '')?.[1] ?? edges[0]?.source;
    return {
      summary: `Revoke the application permission grant ${app[1]}${ref.detail ? ` (${ref.detail})` : ''}.`,
      commands: holder ? [`az rest --method DELETE --url https://graph.microsoft.com/v1.0/servicePrincipals/${holder}/appRoleAssignments/${app[1]}`] : [],
    };
  }
  const delegated = /^oauth2PermissionGrant (\S+)$/.exec(ref.source);
  if (delegated) {
    return { summary: `Revoke the delegated permission grant ${delegated[1]}${ref.detail ? ` (${ref.detail})` : ''}.`, commands: [`az rest --method DELETE --url https://graph.microsoft.com/v1.0/oauth2PermissionGrants/${delegated[1]}`] };
  }
  return { summary: `Revoke the grant ${ref.source}${ref.detail ? ` (${ref.detail})` : ''}.`, commands: [] };
}

function membershipFix(unit: FixUnit, edges: GraphEdge[]): Fix {
  const ref = unit.ref!;
  const user = principal(ref.source);
  if (user?.type === 'user' && ref.detail) {
    return { summary: `Remove user ${user.name} from IAM group ${ref.detail}.`, commands: [`aws iam remove-user-from-group --group-name ${q(ref.detail)} --user-name ${q(user.name)}`] };
  }
  const group = /^group (\S+) members$/.exec(ref.source);
  if (group && edges[0]) {
    return { summary: `Remove ${edges[0].source} from Entra group ${group[1]}.`, commands: [`az ad group member remove --group ${group[1]} --member-id ${edges[0].source}`] };
  }
  return { summary: `Remove the membership ${ref.source}${ref.detail ? ` (${ref.detail})` : ''}.`, commands: [] };
}

function inventoryFix(unit: FixUnit, edges: GraphEdge[]): Fix {
  const ref = unit.ref!;
  const key = /^(A[KS]IA[A-Z0-9]{16}) /.exec(ref.detail ?? '');
  const owner = edges[0] ? principal(edges[0].target) : undefined;
  if (key && owner) {
    return {
      summary: `Deactivate, then delete, access key ${key[1]} of ${owner.name}.`,
      commands: [`aws iam update-access-key --user-name ${q(owner.name)} --access-key-id ${key[1]} --status Inactive`, `aws iam delete-access-key --user-name ${q(owner.name)} --access-key-id ${key[1]}`],
    };
  }
  const owners = /^(application|servicePrincipal|group) (\S+) owners$/.exec(ref.source);
  const owner2 = /owner (\S+)/.exec(ref.detail ?? '');
  if (owners && owner2) {
    const cmd =
      owners[1] === 'application'
        ? `az ad app owner remove --id ${owners[2]} --owner-object-id ${owner2[1]}`
        : owners[1] === 'group'
          ? `az ad group owner remove --group ${owners[2]} --owner-object-id ${owner2[1]}`
          : `az rest --method DELETE --url https://graph.microsoft.com/v1.0/servicePrincipals/${owners[2]}/owners/${owner2[1]}/$ref`;
    return { summary: `Remove ${owner2[1]} from the owners of ${owners[1]} ${owners[2]}.`, commands: [cmd] };
  }
  if (unit.kind === 'stored-secret') {
    // The location is the edge's source; the reference says how the link was learnt (a scanner finding, a links file).
    const where = edges[0]?.source ?? ref.source;
    return { summary: `Move the credential out of ${where}, or rotate it and delete the stored copy (evidence: ${ref.source}${ref.detail ? `, ${ref.detail}` : ''}).`, commands: [] };
  }
  const spec = edges[0] ? techniqueSpec(edges[0].technique) : undefined;
  return { summary: `${spec?.docs.fix ?? 'Change the configuration'} (${ref.source}${ref.detail ? `: ${ref.detail}` : ''})`, commands: [] };
}

/** The concrete change for a fix unit, as text and, where the evidence allows, CLI commands. */
export function fixFor(unit: FixUnit, edges: GraphEdge[]): Fix {
  switch (unit.kind) {
    case 'policy-statement':
    case 'trust-statement':
    case 'resource-policy-statement':
      return statementFix(unit) ?? { summary: `Change ${unit.ref!.source}.`, commands: [] };
    case 'policy-attachment':
      return attachmentFix(unit);
    case 'role-assignment':
      return roleAssignmentFix(unit);
    case 'grant':
      return grantFix(unit, edges);
    case 'membership':
      return membershipFix(unit, edges);
    case 'edge': {
      const spec = edges[0] ? techniqueSpec(edges[0].technique) : undefined;
      return { summary: spec?.docs.fix ?? 'Remove the capability behind this edge.', commands: [] };
    }
    default:
      return inventoryFix(unit, edges);
  }
}

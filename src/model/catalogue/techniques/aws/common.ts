import type { TechniqueSpec } from '../../types.js';

export const IAM_EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';
export const RHINO = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
export const IAM_VULNERABLE = 'https://github.com/BishopFox/iam-vulnerable';
export const PASSROLE_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html';
export const CONFUSED_DEPUTY = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html';

export interface Entry {
  title: string;
  general: string;
  precondition: string;
  abuse: string;
  opsec: string;
  fix: string;
  references: string[];
  mitre: string[];
  owaspNhi?: string[];
}

/** An AWS entry of the catalogue. */
export function technique(id: string, edgeKind: string, e: Entry): TechniqueSpec {
  return {
    id,
    provider: 'aws',
    edgeKind,
    title: e.title,
    docs: { general: e.general, precondition: e.precondition, abuse: e.abuse, opsec: e.opsec, fix: e.fix, references: e.references },
    tags: { owaspNhi: e.owaspNhi ?? ['NHI5'], mitre: e.mitre },
  };
}

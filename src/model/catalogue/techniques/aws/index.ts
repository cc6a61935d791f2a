import type { TechniqueSpec } from '../../types.js';
import { EXISTING_COMPUTE_TECHNIQUES } from './existing-compute.js';
import { IAM_TECHNIQUES } from './iam.js';
import { PASS_ROLE_TECHNIQUES } from './pass-role.js';
import { PREREQUISITE_TECHNIQUES } from './prerequisites.js';
import { SECRETS_DATA_TECHNIQUES } from './secrets-data.js';
import { STACK_SET_TECHNIQUES } from './stack-sets.js';
import { COGNITO_TECHNIQUES } from './cognito.js';

/** Every AWS technique, one file per family of rules (src/analysis/aws/rules/). */
export const AWS_TECHNIQUES: readonly TechniqueSpec[] = [
  ...IAM_TECHNIQUES,
  ...PASS_ROLE_TECHNIQUES,
  ...EXISTING_COMPUTE_TECHNIQUES,
  ...SECRETS_DATA_TECHNIQUES,
  ...PREREQUISITE_TECHNIQUES,
  ...STACK_SET_TECHNIQUES,
  ...COGNITO_TECHNIQUES,
];

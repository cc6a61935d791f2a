import type { TechniqueSpec } from '../types.js';
import { AWS_TECHNIQUES } from './aws/index.js';
import { AZURE_TECHNIQUES } from './azure.js';
import { GCP_TECHNIQUES } from './gcp.js';
import { KUBERNETES_TECHNIQUES } from './kubernetes.js';
import { SECRETS_TECHNIQUES } from './secrets.js';
import { WALKTHROUGHS } from '../walkthroughs.js';

/** Every technique of every provider. A provider adds its list here and nowhere else. */
export const TECHNIQUES: readonly TechniqueSpec[] = [...AWS_TECHNIQUES, ...AZURE_TECHNIQUES, ...GCP_TECHNIQUES, ...KUBERNETES_TECHNIQUES, ...SECRETS_TECHNIQUES].map((t) =>
  WALKTHROUGHS[t.id] ? { ...t, walkthrough: WALKTHROUGHS[t.id] } : t,
);

const byId = new Map(TECHNIQUES.map((t) => [t.id, t]));

export function techniqueSpec(id: string): TechniqueSpec | undefined {
  return byId.get(id);
}

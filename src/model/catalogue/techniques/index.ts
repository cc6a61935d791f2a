import type { TechniqueSpec } from '../types.js';
import { AWS_TECHNIQUES } from './aws/index.js';
import { AZURE_TECHNIQUES } from './azure.js';
import { GCP_TECHNIQUES } from './gcp.js';

/** Every technique of every provider. A provider adds its list here and nowhere else. */
export const TECHNIQUES: readonly TechniqueSpec[] = [...AWS_TECHNIQUES, ...AZURE_TECHNIQUES, ...GCP_TECHNIQUES];

const byId = new Map(TECHNIQUES.map((t) => [t.id, t]));

export function techniqueSpec(id: string): TechniqueSpec | undefined {
  return byId.get(id);
}

import type { GcpResource } from '../../model/inventory/gcp.js';
import type { GcpFacts, Target } from './facts.js';

export const SECRET = 'secretmanager.googleapis.com/Secret';
export const BUCKET = 'storage.googleapis.com/Bucket';

/** Every service account the data names: collected ones and those only bindings mention. */
export function allServiceAccounts(facts: GcpFacts): string[] {
  const out = new Set(facts.serviceAccounts.keys());
  for (const [, p] of facts.allPolicies()) {
    for (const b of p.bindings) for (const m of b.members) if (m.startsWith('serviceAccount:') && !m.includes('.svc.id.goog[')) out.add(m.slice('serviceAccount:'.length).toLowerCase());
  }
  for (const r of facts.inventory.resources) for (const e of r.serviceAccounts) out.add(e);
  return [...out].sort();
}

export const saTarget = (email: string): Target => ({ key: `sa:${email}` });

export const projectTarget = (project: string): Target => ({ key: project, resource: { name: project, type: 'cloudresourcemanager.googleapis.com/Project', service: 'cloudresourcemanager.googleapis.com' } });

/** IAM Conditions see a secret as `projects/NUMBER/secrets/ID`. */
export function secretTarget(r: GcpResource): Target {
  return { key: r.name, resource: { name: r.name.replace(/^\/\/secretmanager\.googleapis\.com\//, ''), type: SECRET, service: 'secretmanager.googleapis.com' } };
}

/** Reading objects is checked on the object, whose name the data does not give. */
export function objectTarget(r: GcpResource): Target {
  return { key: r.name, resource: { type: 'storage.googleapis.com/Object', service: 'storage.googleapis.com' } };
}

export function bucketTarget(r: GcpResource): Target {
  return { key: r.name, resource: { name: `projects/_/buckets/${r.name.replace(/^\/\/storage\.googleapis\.com\//, '')}`, type: BUCKET, service: 'storage.googleapis.com' } };
}

export const resourceTarget = (r: GcpResource): Target => ({ key: r.name });

import type { Evidence, GraphEdge } from '../../../model/graph.js';
import { edge as makeEdge } from '../edge.js';
import { grantRef, type GcpFacts } from '../facts.js';
import { memberId } from '../ids.js';
import { P } from '../permissions.js';
import { BUCKET, SECRET, bucketTarget, objectTarget, secretTarget } from '../targets.js';

/** Secret Manager reads and Cloud Storage object reads, directly or by rewriting the resource's policy. */
export function dataRules(facts: GcpFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const r of facts.inventory.resources) {
    const edge = (kind: string, technique: string, member: string, target: string, evidence: Evidence, conditions?: string) => {
      if (!facts.covered(member, r.name)) edges.push(makeEdge(kind, technique, memberId(member), target, evidence, conditions));
    };
    if (r.assetType === SECRET) {
      for (const h of facts.holders(secretTarget(r), P.secretAccess)) {
        edge('CAN_READ', 'gcp:secretmanager:versions.access', h.grant.member, r.name, { summary: `${h.grant.member} may read the versions of secret ${r.name} (${h.grant.role} grants ${P.secretAccess})`, refs: [grantRef(h)] }, h.condition);
      }
      for (const h of facts.holders(secretTarget(r), P.secretSetIamPolicy)) {
        edge('CAN_READ', 'gcp:secretmanager:secrets.setIamPolicy', h.grant.member, r.name, { summary: `${h.grant.member} may rewrite the IAM policy of secret ${r.name} and grant itself Secret Accessor (${h.grant.role})`, refs: [grantRef(h)] }, h.condition);
      }
    }
    if (r.assetType === BUCKET) {
      for (const h of facts.holders(objectTarget(r), P.objectGet)) {
        edge('HAS_ACCESS', 'gcp:storage:objects.get', h.grant.member, r.name, { summary: `${h.grant.member} may read objects in bucket ${r.name} (${h.grant.role} grants ${P.objectGet})`, refs: [grantRef(h)] }, h.condition);
      }
      for (const h of facts.holders(bucketTarget(r), P.bucketSetIamPolicy)) {
        edge('HAS_ACCESS', 'gcp:storage:buckets.setIamPolicy', h.grant.member, r.name, { summary: `${h.grant.member} may rewrite the IAM policy of bucket ${r.name} and grant itself object reads (${h.grant.role})`, refs: [grantRef(h)] }, h.condition);
      }
    }
  }
  return edges;
}

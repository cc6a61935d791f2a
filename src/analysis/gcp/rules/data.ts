import type { GraphEdge } from '../../../model/graph.js';
import { edge } from '../edge.js';
import { grantRef, type GcpFacts } from '../facts.js';
import { memberId } from '../ids.js';
import { P } from '../permissions.js';
import { BUCKET, SECRET, bucketTarget, objectTarget, secretTarget } from '../targets.js';

/** Secret Manager reads and Cloud Storage object reads, directly or by rewriting the resource's policy. */
export function dataRules(facts: GcpFacts): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const r of facts.inventory.resources) {
    if (r.assetType === SECRET) {
      for (const h of facts.holders(secretTarget(r), P.secretAccess)) {
        edges.push(edge('CAN_READ', 'gcp:secretmanager:versions.access', memberId(h.grant.member), r.name, { summary: `${h.grant.member} may read the versions of secret ${r.name} (${h.grant.role} grants ${P.secretAccess})`, refs: [grantRef(h)] }, h.condition));
      }
      for (const h of facts.holders(secretTarget(r), P.secretSetIamPolicy)) {
        edges.push(edge('CAN_READ', 'gcp:secretmanager:secrets.setIamPolicy', memberId(h.grant.member), r.name, { summary: `${h.grant.member} may rewrite the IAM policy of secret ${r.name} and grant itself Secret Accessor (${h.grant.role})`, refs: [grantRef(h)] }, h.condition));
      }
    }
    if (r.assetType === BUCKET) {
      for (const h of facts.holders(objectTarget(r), P.objectGet)) {
        edges.push(edge('HAS_ACCESS', 'gcp:storage:objects.get', memberId(h.grant.member), r.name, { summary: `${h.grant.member} may read objects in bucket ${r.name} (${h.grant.role} grants ${P.objectGet})`, refs: [grantRef(h)] }, h.condition));
      }
      for (const h of facts.holders(bucketTarget(r), P.bucketSetIamPolicy)) {
        edges.push(edge('HAS_ACCESS', 'gcp:storage:buckets.setIamPolicy', memberId(h.grant.member), r.name, { summary: `${h.grant.member} may rewrite the IAM policy of bucket ${r.name} and grant itself object reads (${h.grant.role})`, refs: [grantRef(h)] }, h.condition));
      }
    }
  }
  return edges;
}

import { policyanalyzer_v1 } from 'googleapis/build/src/apis/policyanalyzer/index.js';
import { recommender_v1 } from 'googleapis/build/src/apis/recommender/index.js';
import type { GcpAuth } from './auth.js';
import { pages, type CallOptions } from './call.js';
import type { SavedFile } from './collect.js';

/**
 * One project's usage, read live: Policy Intelligence's last authentication per service account
 * and per key (`activities.query`), and IAM Recommender's policy insights (`insights.list`), both
 * at location `global`. Each is saved as gcloud's `--format=json` prints it (the listing's items,
 * pages joined), the shapes collectors/usage/offline reads, so `--save-raw` then `ingest` gives the
 * same usage. A refused read is a coverage gap, never "unused": nothing is saved for it.
 */

export const ACTIVITY_TYPES = ['serviceAccountLastAuthentication', 'serviceAccountKeyLastAuthentication'] as const;
export const POLICY_INSIGHT = 'google.iam.policy.Insight';

export interface UsageClients {
  analyzer: policyanalyzer_v1.Policyanalyzer;
  recommender: recommender_v1.Recommender;
}

export function usageClients(common: { auth: GcpAuth; retry: boolean; timeout: number; rootUrl?: string }): UsageClients {
  return { analyzer: new policyanalyzer_v1.Policyanalyzer(common), recommender: new recommender_v1.Recommender(common) };
}

/** A read that may be refused (the collector's `attempt`: a refusal becomes a gap of the run). */
export type Attempt = <T>(what: string, scope: string | undefined, f: () => Promise<T>, fallback: T) => Promise<T>;

const FILE_OF: Record<(typeof ACTIVITY_TYPES)[number], string> = {
  serviceAccountLastAuthentication: 'usage-sa-last-authentication',
  serviceAccountKeyLastAuthentication: 'usage-key-last-authentication',
};

export async function projectUsage(projectId: string, c: UsageClients, attempt: Attempt, callOptions: CallOptions): Promise<SavedFile[]> {
  const scope = `projects/${projectId}`;
  const out: SavedFile[] = [];
  for (const type of ACTIVITY_TYPES) {
    const parent = `${scope}/locations/global/activityTypes/${type}`;
    const items = await attempt(
      `Policy Intelligence ${type} (policyanalyzer API enabled? policyanalyzer.${type === 'serviceAccountLastAuthentication' ? 'serviceAccountLastAuthenticationActivities' : 'serviceAccountKeyLastAuthenticationActivities'}.query?)`,
      scope,
      () => pages<policyanalyzer_v1.Schema$GoogleCloudPolicyanalyzerV1Activity>(`${parent}/activities:query`, (pageToken) => c.analyzer.projects.locations.activityTypes.activities.query({ parent, pageSize: 1000, pageToken }), 'activities', callOptions),
      [],
    );
    if (items.length) out.push({ name: FILE_OF[type], json: items });
  }
  const parent = `${scope}/locations/global/insightTypes/${POLICY_INSIGHT}`;
  const insights = await attempt(
    'IAM Recommender policy insights (recommender API enabled? recommender.iamPolicyInsights.list?)',
    scope,
    () => pages<recommender_v1.Schema$GoogleCloudRecommenderV1Insight>(`${parent}/insights`, (pageToken) => c.recommender.projects.locations.insightTypes.insights.list({ parent, pageToken }), 'insights', callOptions),
    [],
  );
  if (insights.length) out.push({ name: 'usage-policy-insights', json: insights });
  return out;
}

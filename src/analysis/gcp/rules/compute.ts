import type { GraphEdge } from '../../../model/graph.js';
import { edge } from '../edge.js';
import { best, grantRef, joinConditions, type GcpFacts, type Holding, type Target } from '../facts.js';
import type { BindingHubs } from '../fold.js';
import { memberId, saId } from '../ids.js';
import { P } from '../permissions.js';
import { projectTarget, resourceTarget, saTarget } from '../targets.js';

interface DeploySpec {
  technique: string;
  what: string;
  /** Alternative permission sets, each sufficient with actAs (held on the SA's project). */
  anyOf: string[][];
  /** A Google-created default service account the service runs as without actAs. */
  defaultSa?: RegExp;
  /** False: the service runs only as its default service account. */
  actAs?: false;
}

/** Services that run code as a chosen service account (Rhino's and EscaGCP's deploy techniques, and more). */
export const DEPLOY: DeploySpec[] = [
  { technique: 'gcp:compute:instances.create', what: 'a Compute Engine instance (startup script) running as', anyOf: [['compute.instances.create', 'compute.disks.create', 'compute.subnetworks.use', P.instancesSetMetadata, P.instancesSetServiceAccount]] },
  { technique: 'gcp:compute:instanceTemplates.create', what: 'an instance template and managed instance group running as', anyOf: [['compute.instanceTemplates.create', 'compute.instanceGroupManagers.create']] },
  { technique: 'gcp:cloudfunctions:functions.create', what: 'a Cloud Function running as', anyOf: [['cloudfunctions.functions.create', P.functionsSourceCodeSet, 'cloudfunctions.functions.call'], ['cloudfunctions.functions.create', P.functionsSourceCodeSet, 'cloudfunctions.functions.setIamPolicy']] },
  { technique: 'gcp:run:services.create', what: 'a Cloud Run service running as', anyOf: [['run.services.create', 'run.routes.invoke'], ['run.services.create', 'run.services.setIamPolicy']] },
  { technique: 'gcp:run:jobs.create', what: 'a Cloud Run job running as', anyOf: [['run.jobs.create', P.runJobsRun]] },
  { technique: 'gcp:cloudbuild:builds.create', what: 'a Cloud Build build running as', anyOf: [['cloudbuild.builds.create']], defaultSa: /^\d+@cloudbuild\.gserviceaccount\.com$/ },
  { technique: 'gcp:cloudscheduler:jobs.create', what: 'a Cloud Scheduler job sending requests authenticated as', anyOf: [['cloudscheduler.jobs.create']] },
  { technique: 'gcp:cloudtasks:tasks.create', what: 'a Cloud Tasks task sending requests authenticated as', anyOf: [['cloudtasks.tasks.create']] },
  { technique: 'gcp:composer:environments.create', what: 'a Composer environment running as', anyOf: [['composer.environments.create']] },
  { technique: 'gcp:dataflow:jobs.create', what: 'a Dataflow job whose workers run as', anyOf: [['dataflow.jobs.create']] },
  { technique: 'gcp:dataproc:clusters.create', what: 'a Dataproc cluster running as', anyOf: [['dataproc.clusters.create']] },
  { technique: 'gcp:notebooks:instances.create', what: 'a Vertex AI Workbench notebook running as', anyOf: [['notebooks.instances.create']] },
  { technique: 'gcp:aiplatform:customJobs.create', what: 'a Vertex AI custom job running as', anyOf: [['aiplatform.customJobs.create']] },
  { technique: 'gcp:container:clusters.create', what: 'a GKE cluster whose nodes run as', anyOf: [['container.clusters.create']] },
  { technique: 'gcp:deploymentmanager:deployments.create', what: 'a Deployment Manager deployment executed by', anyOf: [['deploymentmanager.deployments.create']], defaultSa: /^\d+@cloudservices\.gserviceaccount\.com$/, actAs: false },
];

const SCHEDULED = new Set(['gcp:cloudscheduler:jobs.create', 'gcp:cloudtasks:tasks.create']);
const SCHEDULED_ASSUMPTION = 'the requests carry the service account\'s token to an endpoint the attacker chooses (OIDC) or to Google APIs (OAuth); the attacker acts through them';

/** Members holding one full permission set of `spec` on the project, with the grants used. */
function deployers(facts: GcpFacts, project: string, spec: DeploySpec, cache: Map<string, Map<string, Holding[]>>): Map<string, Holding[]> {
  const key = `${project}|${spec.technique}`;
  let out = cache.get(key);
  if (out) return out;
  out = new Map();
  for (const set of spec.anyOf) {
    for (const [m, hs] of facts.holdersOfAll(projectTarget(project), set)) {
      const prev = out.get(m);
      if (!prev || (prev.some((h) => h.condition) && !hs.some((h) => h.condition))) out.set(m, hs);
    }
  }
  cache.set(key, out);
  return out;
}

function actAsHolders(facts: GcpFacts, email: string, cache: Map<string, Map<string, Holding>>): Map<string, Holding> {
  let out = cache.get(email);
  if (out) return out;
  const by = new Map<string, Holding[]>();
  for (const h of facts.holders(saTarget(email), P.actAs)) by.set(h.grant.member, [...(by.get(h.grant.member) ?? []), h]);
  out = new Map([...by].map(([m, hs]) => [m, best(hs)]));
  cache.set(email, out);
  return out;
}

/**
 * actAs + deploy: a member that may act as a service account and create compute in its project
 * runs code as it. Checked in the service account's own project (cross-project service account
 * use needs an organisation-policy exception the data does not show).
 */
export function deployRules(facts: GcpFacts, emails: readonly string[], hubs: BindingHubs): void {
  const deployCache = new Map<string, Map<string, Holding[]>>();
  const actAsCache = new Map<string, Map<string, Holding>>();
  for (const email of emails) {
    const project = facts.projectOfSa(email);
    if (!project) continue;
    const to = saId(email);
    const actors = actAsHolders(facts, email, actAsCache);
    // Every service a member could deploy with is the same capability: one edge per member and
    // service account, named by the first technique (unconditional ones first), the others listed.
    const found = new Map<string, { spec: DeploySpec; act: Holding | undefined; hs: Holding[]; conditions: string | undefined }[]>();
    for (const spec of DEPLOY) {
      const builders = deployers(facts, project, spec, deployCache);
      const isDefault = spec.defaultSa?.test(email) === true;
      for (const [member, hs] of builders) {
        if (memberId(member) === to || facts.covered(member, `sa:${email}`)) continue;
        const act = isDefault ? undefined : spec.actAs === false ? null : actors.get(member);
        if (act === null || (!isDefault && !act)) continue;
        const list = found.get(member) ?? [];
        list.push({ spec, act, hs, conditions: joinConditions(act?.condition, ...hs.map((h) => h.condition)) });
        found.set(member, list);
      }
    }
    for (const [member, options] of found) {
      const [first, ...others] = [...options.filter((o) => !o.conditions), ...options.filter((o) => o.conditions)];
      const { spec, act, hs } = first!;
      const perms = [...new Set(hs.map((h) => h.grant.role))].join(', ');
      const also = others.length ? ` Also possible: ${others.map((o) => o.spec.technique).join(', ')}.` : '';
      const conditions = first!.conditions;
      // One project's deployers, acting as any of its accounts through one binding: hub folded.
      hubs.add({
        member,
        from: memberId(member),
        to,
        kind: 'CAN_PASS_ROLE_TO',
        technique: spec.technique,
        holdings: [...(act ? [act] : []), ...hs],
        summary: (w) => `${w} may create ${spec.what} ${email} (${act ? `actAs through ${act.grant.role}` : 'its default service account, no actAs needed'}; create permissions through ${perms} on ${facts.containerName(project)}).${also}`,
        ...(SCHEDULED.has(spec.technique) ? { assumptions: [SCHEDULED_ASSUMPTION] } : {}),
        ...(conditions !== undefined ? { conditions } : {}),
      });
    }
  }
}

const FUNCTION_TYPES = new Set(['cloudfunctions.googleapis.com/CloudFunction', 'cloudfunctions.googleapis.com/Function']);

/** Changing code or metadata of compute that already runs as a service account. */
export function existingComputeRules(facts: GcpFacts, emails: readonly string[]): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const actAsCache = new Map<string, Map<string, Holding>>();
  const byProject = new Map<string, string[]>();
  for (const e of emails) {
    const p = facts.projectOfSa(e);
    if (p) byProject.set(p, [...(byProject.get(p) ?? []), e]);
  }
  const emit = (technique: string, member: string, email: string, summary: string, hs: Holding[]) => {
    if (memberId(member) === saId(email) || facts.covered(member, `sa:${email}`)) return;
    edges.push(edge('CAN_EXECUTE_AS', technique, memberId(member), saId(email), { summary, refs: hs.map(grantRef) }, joinConditions(...hs.map((h) => h.condition))));
  };
  const withActAs = (t: Target, perms: string[], email: string, technique: string, what: string) => {
    const actors = actAsHolders(facts, email, actAsCache);
    for (const [member, hs] of facts.holdersOfAll(t, perms)) {
      const act = actors.get(member);
      if (act) emit(technique, member, email, `${member} may ${what}, which runs as ${email} (${[...new Set(hs.map((h) => h.grant.role))].join(', ')}; actAs through ${act.grant.role})`, [...hs, act]);
    }
  };

  for (const r of facts.inventory.resources) {
    if (r.serviceAccounts.length === 0) continue;
    const t = resourceTarget(r);
    if (r.assetType === 'compute.googleapis.com/Instance') {
      for (const email of r.serviceAccounts) {
        for (const h of facts.holders(t, P.instancesSetMetadata)) emit('gcp:compute:instances.setMetadata', h.grant.member, email, `${h.grant.member} may set the metadata (startup-script, ssh-keys) of instance ${r.name}, which runs as ${email} (${h.grant.role})`, [h]);
        for (const perm of [P.osLogin, P.osAdminLogin]) {
          for (const h of facts.holders(t, perm)) {
            if (memberId(h.grant.member) === saId(email) || facts.covered(h.grant.member, `sa:${email}`)) continue;
            edges.push(edge('CAN_EXECUTE_AS', 'gcp:compute:instances.osLogin', memberId(h.grant.member), saId(email), { summary: `${h.grant.member} may log in to instance ${r.name} with OS Login and read ${email}'s token from the metadata server (${h.grant.role} grants ${perm})`, refs: [grantRef(h)] }, joinConditions(h.condition, 'OS Login is enabled on the instance and the attacker reaches its SSH port (external IP or IAP TCP forwarding)')));
          }
        }
        const project = r.parent && facts.project(r.parent);
        if (project) for (const h of facts.holders(projectTarget(project), P.projectMetadata)) emit('gcp:compute:projects.setCommonInstanceMetadata', h.grant.member, email, `${h.grant.member} may set project-wide metadata (ssh-keys, startup-script) of ${facts.containerName(project)}, read by instance ${r.name}, which runs as ${email} (${h.grant.role})`, [h]);
      }
      // setServiceAccount: swap in any service account it may act as, then run code through metadata.
      const project = r.parent && facts.project(r.parent);
      const swappers = facts.holdersOfAll(t, [P.instancesSetServiceAccount, P.instancesSetMetadata]);
      if (swappers.size > 0) {
        for (const email of project ? (byProject.get(project) ?? []) : []) withActAs(t, [P.instancesSetServiceAccount, P.instancesSetMetadata], email, 'gcp:compute:instances.setServiceAccount', `attach ${email} to instance ${r.name} and set its startup script`);
      }
    } else if (FUNCTION_TYPES.has(r.assetType)) {
      for (const email of r.serviceAccounts) withActAs(t, [P.functionsUpdate, P.functionsSourceCodeSet], email, 'gcp:cloudfunctions:functions.update', `replace the source of function ${r.name}`);
    } else if (r.assetType === 'run.googleapis.com/Service') {
      for (const email of r.serviceAccounts) withActAs(t, [P.runServicesUpdate], email, 'gcp:run:services.update', `deploy a new revision of Cloud Run service ${r.name}`);
    } else if (r.assetType === 'run.googleapis.com/Job') {
      for (const email of r.serviceAccounts) withActAs(t, [P.runJobsUpdate, P.runJobsRun], email, 'gcp:run:jobs.update', `change and run Cloud Run job ${r.name}`);
    }
  }
  return edges;
}

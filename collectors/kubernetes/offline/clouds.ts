import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { K8sNodePool, K8sPodIdentityAssociation } from '../../../src/model/inventory/index.js';
import type { K8sPart } from '../part.js';

/** Cluster descriptions as each cloud's CLI prints them, and EKS Pod Identity associations. */

const obj = (j: unknown): Record<string, unknown> | undefined => (typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined);

// aws eks describe-cluster
const eksClusterSchema = z.object({
  cluster: z
    .object({
      name: z.string(),
      arn: z.string().regex(/^arn:aws[a-z-]*:eks:[^:]+:\d{12}:cluster\/.+$/, 'an EKS cluster ARN'),
      identity: z.object({ oidc: z.object({ issuer: z.string().optional() }).loose().optional() }).loose().optional(),
    })
    .loose(),
});

export const looksLikeEksCluster = (j: unknown) => {
  const c = obj(obj(j)?.cluster);
  return typeof c?.arn === 'string' && c.arn.includes(':eks:');
};

export function parseEksCluster(json: unknown, file: string): K8sPart {
  const c = parseOrThrow(eksClusterSchema, json, file, 'aws eks describe-cluster output').cluster;
  const [, , , region, account] = c.arn.split(':');
  const issuer = c.identity?.oidc?.issuer;
  return { clusters: [{ meta: { name: c.name, provider: 'eks', arn: c.arn, account: account!, region: region!, ...(issuer ? { oidcIssuer: issuer } : {}) } }], warnings: [] };
}

// gcloud container clusters describe --format=json
const nodeConfigSchema = z
  .object({ serviceAccount: z.string().optional(), workloadMetadataConfig: z.object({ mode: z.string().optional() }).loose().optional() })
  .loose();
type NodeConfig = z.infer<typeof nodeConfigSchema>;

const gkeSchema = z
  .object({
    name: z.string(),
    selfLink: z.string().regex(/\/projects\/[^/]+\/(locations|zones)\/[^/]+\/clusters\/[^/]+$/, 'a GKE cluster selfLink'),
    location: z.string().optional(),
    zone: z.string().optional(),
    workloadIdentityConfig: z.object({ workloadPool: z.string().optional() }).loose().optional(),
    nodeConfig: nodeConfigSchema.optional(),
    nodePools: z.array(z.object({ name: z.string(), config: nodeConfigSchema.optional() }).loose()).optional(),
  })
  .loose();

/** A node pool's identity; no `serviceAccount` means the project's default compute service account. */
function gkePools(c: { nodeConfig?: NodeConfig | undefined; nodePools?: { name: string; config?: NodeConfig | undefined }[] | undefined }): K8sNodePool[] {
  const pool = (name: string, cfg: NodeConfig | undefined, field: string): K8sNodePool => ({
    name,
    identity: { cloud: 'gcp', serviceAccount: cfg?.serviceAccount ?? 'default', ...(cfg?.workloadMetadataConfig?.mode ? { workloadMetadata: cfg.workloadMetadataConfig.mode } : {}) },
    source: `gcloud container clusters describe: ${field}.serviceAccount`,
  });
  // nodeConfig mirrors the first pool's; the pools are authoritative when listed.
  if (c.nodePools?.length) return c.nodePools.map((p, i) => pool(p.name, p.config, `nodePools[${i}].config`));
  return c.nodeConfig ? [pool('*', c.nodeConfig, 'nodeConfig')] : [];
}

export const looksLikeGkeCluster = (j: unknown) => {
  const o = obj(j);
  return typeof o?.selfLink === 'string' && o.selfLink.includes('container.googleapis.com') && o.selfLink.includes('/clusters/');
};

export function parseGkeCluster(json: unknown, file: string): K8sPart {
  const c = parseOrThrow(gkeSchema, json, file, 'gcloud container clusters describe --format=json output');
  const m = /\/projects\/([^/]+)\/(?:locations|zones)\/([^/]+)\/clusters\/([^/]+)$/.exec(c.selfLink)!;
  const project = m[1]!;
  const location = c.location ?? c.zone ?? m[2]!;
  // GKE signs service-account tokens with this issuer (the cluster's resource URL).
  const oidcIssuer = `https://container.googleapis.com/v1/projects/${project}/locations/${location}/clusters/${c.name}`;
  const pool = c.workloadIdentityConfig?.workloadPool;
  return { clusters: [{ meta: { name: c.name, provider: 'gke', project, location, oidcIssuer, ...(pool ? { workloadPool: pool } : {}) }, nodePools: gkePools(c) }], warnings: [] };
}

// az aks show
const aksSchema = z
  .object({
    id: z.string().regex(/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+$/i, 'an AKS managed cluster id'),
    name: z.string(),
    oidcIssuerProfile: z.object({ enabled: z.boolean().optional(), issuerUrl: z.string().nullish() }).loose().nullish(),
    identity: z.object({ tenantId: z.string().nullish() }).loose().nullish(),
    identityProfile: z
      .object({ kubeletidentity: z.object({ clientId: z.string().nullish(), objectId: z.string().nullish(), resourceId: z.string().nullish() }).loose().nullish() })
      .loose()
      .nullish(),
  })
  .loose();

export const looksLikeAksCluster = (j: unknown) => {
  const o = obj(j);
  return typeof o?.id === 'string' && /\/providers\/microsoft\.containerservice\/managedclusters\//i.test(o.id);
};

export function parseAksCluster(json: unknown, file: string): K8sPart {
  const c = parseOrThrow(aksSchema, json, file, 'az aks show output');
  const [, , subscription, , resourceGroup] = c.id.split('/');
  const issuer = c.oidcIssuerProfile?.enabled !== false ? c.oidcIssuerProfile?.issuerUrl ?? undefined : undefined;
  const tenant = c.identity?.tenantId ?? undefined;
  const k = c.identityProfile?.kubeletidentity;
  // Every node of the cluster holds the kubelet identity (it pulls images and is what IMDS hands out).
  const nodePools: K8sNodePool[] =
    k && (k.objectId || k.clientId)
      ? [{ name: '*', identity: { cloud: 'azure', ...(k.objectId ? { objectId: k.objectId } : {}), ...(k.clientId ? { clientId: k.clientId } : {}), ...(k.resourceId ? { resourceId: k.resourceId } : {}) }, source: 'az aks show: identityProfile.kubeletidentity' }]
      : [];
  return {
    clusters: [{ meta: { name: c.name, provider: 'aks', subscription: subscription!, resourceGroup: resourceGroup!, ...(issuer ? { oidcIssuer: issuer } : {}), ...(tenant ? { tenant } : {}) }, nodePools }],
    warnings: [],
  };
}

// aws eks describe-nodegroup
const nodegroupSchema = z.object({
  nodegroup: z
    .object({
      nodegroupName: z.string(),
      clusterName: z.string(),
      nodegroupArn: z.string().regex(/^arn:aws[a-z-]*:eks:[^:]+:\d{12}:nodegroup\/.+$/, 'an EKS node group ARN').optional(),
      nodeRole: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN'),
    })
    .loose(),
});

export const looksLikeEksNodegroup = (j: unknown) => {
  const n = obj(obj(j)?.nodegroup);
  return typeof n?.nodegroupName === 'string' && typeof n.clusterName === 'string';
};

export function parseEksNodegroup(json: unknown, file: string): K8sPart {
  const n = parseOrThrow(nodegroupSchema, json, file, 'aws eks describe-nodegroup output').nodegroup;
  const [, , , region, account] = n.nodegroupArn?.split(':') ?? [];
  return {
    clusters: [
      {
        meta: { name: n.clusterName, provider: 'eks', ...(account ? { account } : {}), ...(region ? { region } : {}) },
        nodePools: [{ name: n.nodegroupName, identity: { cloud: 'aws', roleArn: n.nodeRole }, source: `aws eks describe-nodegroup --nodegroup-name ${n.nodegroupName}: nodegroup.nodeRole` }],
      },
    ],
    warnings: [],
  };
}

// aws eks list-pod-identity-associations / describe-pod-identity-association
const associationSchema = z
  .object({
    clusterName: z.string(),
    namespace: z.string(),
    serviceAccount: z.string(),
    associationId: z.string().optional(),
    associationArn: z.string().optional(),
    roleArn: z.string().optional(),
    targetRoleArn: z.string().nullish(),
    disableSessionTags: z.boolean().optional(),
  })
  .loose();

const associationsSchema = z.union([
  z.object({ association: associationSchema }).loose(),
  z.object({ associations: z.array(associationSchema) }).loose(),
]);

export const looksLikePodIdentity = (j: unknown) => {
  const o = obj(j);
  const first = obj(o?.association) ?? obj(Array.isArray(o?.associations) ? o.associations[0] : undefined);
  return first !== undefined && typeof first.serviceAccount === 'string' && typeof first.clusterName === 'string';
};

export function parsePodIdentity(json: unknown, file: string): K8sPart {
  const parsed = parseOrThrow(associationsSchema, json, file, 'aws eks list-pod-identity-associations / describe-pod-identity-association output');
  type A = z.infer<typeof associationSchema>;
  const one = (parsed as { association?: A }).association;
  const list: A[] = one ? [one] : (parsed as { associations: A[] }).associations;
  const byCluster = new Map<string, K8sPodIdentityAssociation[]>();
  const warnings: string[] = [];
  for (const a of list) {
    const arr = byCluster.get(a.clusterName) ?? [];
    arr.push({
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      ...(a.associationId ? { associationId: a.associationId } : {}),
      ...(a.roleArn ? { roleArn: a.roleArn } : {}),
      ...(a.targetRoleArn ? { targetRoleArn: a.targetRoleArn } : {}),
      ...(a.disableSessionTags !== undefined ? { disableSessionTags: a.disableSessionTags } : {}),
    });
    byCluster.set(a.clusterName, arr);
    if (!a.roleArn) warnings.push(`${file}: pod identity association ${a.associationId ?? ''} (${a.namespace}/${a.serviceAccount}) names no role: a list output; add describe-pod-identity-association for the role`);
  }
  return { clusters: [...byCluster].map(([name, podIdentityAssociations]) => ({ meta: { name, provider: 'eks' as const }, podIdentityAssociations })), warnings };
}

/** The aws-cli/1 envelope around the EKS commands above (the AWS source handles every other command). */
const EKS_COMMANDS: Record<string, (json: unknown, file: string) => K8sPart> = {
  'eks describe-cluster': parseEksCluster,
  'eks list-pod-identity-associations': parsePodIdentity,
  'eks describe-pod-identity-association': parsePodIdentity,
  'eks describe-nodegroup': parseEksNodegroup,
};

export const looksLikeEksEnvelope = (j: unknown) => {
  const o = obj(j);
  return o?.leakpath === 'aws-cli/1' && typeof o.command === 'string' && o.command in EKS_COMMANDS;
};

export function parseEksEnvelope(json: unknown, file: string): K8sPart {
  const o = obj(json)!;
  const command = o.command as string;
  if (o.error !== undefined) {
    return { clusters: [], warnings: [`${file}: coverage gap: ${command} failed: ${JSON.stringify(o.error)}`] };
  }
  if (o.output === undefined) throw new InputError(file, 'output', `expected the output of ${command}`);
  const part = EKS_COMMANDS[command]!(o.output, `${file} (output)`);
  const account = typeof o.account === 'string' ? o.account : undefined;
  const region = typeof o.region === 'string' ? o.region : undefined;
  for (const c of part.clusters) {
    if (account && !c.meta.account) c.meta.account = account;
    if (region && !c.meta.region) c.meta.region = region;
  }
  return part;
}

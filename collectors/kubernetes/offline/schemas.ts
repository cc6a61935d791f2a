import { z } from 'zod';

/**
 * Kubernetes API objects as `kubectl get … -o json` prints them. Only the fields leakpath reads
 * are checked; everything else passes through.
 */
const stringMap = z.record(z.string(), z.string()).nullish().transform((m) => m ?? {});
const strings = z.array(z.string()).nullish().transform((v) => v ?? []);

export const metadataSchema = z
  .object({ name: z.string().min(1), namespace: z.string().optional(), uid: z.string().optional(), labels: stringMap, annotations: stringMap })
  .loose();

export const ruleSchema = z
  .object({ verbs: strings, apiGroups: strings, resources: strings, resourceNames: strings, nonResourceURLs: strings })
  .loose();

const selectorSchema = z
  .object({
    matchLabels: stringMap,
    matchExpressions: z
      .array(z.object({ key: z.string(), operator: z.string(), values: strings }).loose())
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

export const roleSchema = z
  .object({
    metadata: metadataSchema,
    rules: z.array(ruleSchema).nullish().transform((v) => v ?? []),
    aggregationRule: z.object({ clusterRoleSelectors: z.array(selectorSchema).nullish().transform((v) => v ?? []) }).loose().nullish(),
  })
  .loose();

export const subjectSchema = z.object({ kind: z.enum(['ServiceAccount', 'User', 'Group']), name: z.string(), namespace: z.string().optional() }).loose();

export const bindingSchema = z
  .object({
    metadata: metadataSchema,
    roleRef: z.object({ kind: z.enum(['Role', 'ClusterRole']), name: z.string() }).loose(),
    subjects: z.array(subjectSchema).nullish().transform((v) => v ?? []),
  })
  .loose();

export const serviceAccountSchema = z
  .object({ metadata: metadataSchema, automountServiceAccountToken: z.boolean().optional() })
  .loose();

/** Identifiers a live run recognised before dropping the values (`collect k8s` writes these, never the data). */
const storedCredentialSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('aws-access-key'), key: z.string(), accessKeyId: z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/) }),
  z.object({ type: z.literal('gcp-service-account-key'), key: z.string(), privateKeyId: z.string(), clientEmail: z.string().optional() }),
  z.object({ type: z.literal('azure-client-secret'), key: z.string(), hint: z.string().max(3), appId: z.string().optional() }),
  z.object({ type: z.literal('service-account-token'), key: z.string(), issuer: z.string(), subject: z.string().optional(), namespace: z.string().optional(), serviceAccount: z.string().optional(), expiresAt: z.string().optional() }),
]);

export const secretSchema = z
  .object({
    metadata: metadataSchema,
    type: z.string().default('Opaque'),
    data: z.record(z.string(), z.string()).nullish(),
    stringData: z.record(z.string(), z.string()).nullish(),
    leakpathCredentials: z.array(storedCredentialSchema).optional(),
  })
  .loose();

const securityContext = z
  .object({ privileged: z.boolean().optional(), allowPrivilegeEscalation: z.boolean().optional(), capabilities: z.object({ add: strings }).loose().nullish() })
  .loose()
  .nullish();

const containerSchema = z.object({ name: z.string(), securityContext }).loose();

export const podSpecSchema = z
  .object({
    serviceAccountName: z.string().optional(),
    serviceAccount: z.string().optional(),
    nodeName: z.string().optional(),
    automountServiceAccountToken: z.boolean().optional(),
    hostPID: z.boolean().optional(),
    hostIPC: z.boolean().optional(),
    hostNetwork: z.boolean().optional(),
    containers: z.array(containerSchema).default([]),
    initContainers: z.array(containerSchema).nullish().transform((v) => v ?? []),
    volumes: z
      .array(z.object({ name: z.string(), hostPath: z.object({ path: z.string() }).loose().optional() }).loose())
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

export type PodSpec = z.infer<typeof podSpecSchema>;

const template = z.object({ metadata: z.object({ labels: stringMap }).loose().optional(), spec: podSpecSchema }).loose();

export const podSchema = z.object({ metadata: metadataSchema, spec: podSpecSchema }).loose();
export const controllerSchema = z.object({ metadata: metadataSchema, spec: z.object({ template }).loose() }).loose();
export const cronJobSchema = z
  .object({ metadata: metadataSchema, spec: z.object({ jobTemplate: z.object({ spec: z.object({ template }).loose() }).loose() }).loose() })
  .loose();
export const namespaceSchema = z.object({ metadata: metadataSchema }).loose();
export const nodeSchema = z.object({ metadata: metadataSchema, spec: z.object({ providerID: z.string().optional() }).loose().nullish() }).loose();

export const listSchema = z
  .object({ kind: z.string(), apiVersion: z.string().optional(), items: z.array(z.record(z.string(), z.unknown())) })
  .loose();

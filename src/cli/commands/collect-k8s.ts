import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { K8sClusterProvider } from '../../model/inventory/index.js';
import { globals, log, parsePositiveInt } from '../context.js';
import { UsageError } from '../../errors.js';

/** The Kubernetes client is loaded only when `collect k8s` runs, so other commands start fast. */
async function loadCollector(): Promise<typeof import('../../../collectors/kubernetes/live/collect.js')> {
  return import('../../../collectors/kubernetes/live/collect.js');
}

interface Opts {
  kubeconfig?: string;
  context?: string;
  clusterName?: string;
  provider: K8sClusterProvider;
  oidcIssuer?: string;
  account?: string;
  region?: string;
  project?: string;
  workloadPool?: string;
  subscription?: string;
  tenant?: string;
  pageSize?: number;
  saveRaw?: string;
  requestTimeout?: number;
}

/** A positive number of seconds (fractions allowed: tests wait less than a second). */
function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--request-timeout must be a positive number of seconds, got ${JSON.stringify(value.slice(0, 20))}`);
  return n;
}

/** `leakpath collect k8s`: the cluster of a kubeconfig context, through @kubernetes/client-node. */
export function registerCollectK8s(collect: Command): void {
  collect
    .command('k8s')
    .description('collect a Kubernetes cluster with a kubeconfig: service accounts, RBAC, workloads, secrets (values recognised, never kept)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('--cluster-name <name>', "the cluster's name in the graph (default: the context's cluster)")
    .addOption(new Option('--provider <p>', 'where the cluster runs').choices(['eks', 'gke', 'aks', 'other']).default('other'))
    .option('--oidc-issuer <url>', "service-account token issuer (default: the API server's discovery document)")
    .option('--account <id>', 'EKS: AWS account id')
    .option('--region <r>', 'EKS: region')
    .option('--project <id>', 'GKE: project id')
    .option('--workload-pool <pool>', 'GKE: <project>.svc.id.goog')
    .option('--subscription <id>', 'AKS: subscription id')
    .option('--tenant <id>', 'AKS: tenant id')
    .option('--page-size <n>', 'items per list call (paging with continue)', parsePositiveInt('--page-size'))
    .option('--request-timeout <seconds>', 'abort a request with no answer by then (default 60): a stalled server is unreachable (exit 3), or its kind a coverage gap', parseSeconds)
    .option('--save-raw <dir>', 'also write the kubernetes/1 envelope (secret values replaced by the identifiers found); `leakpath ingest <dir>` reads it back')
    .action(async (opts: Opts, cmd: Command) => {
      const { store } = globals(cmd);
      const startedAt = new Date();
      const { kubeconfig, context, clusterName, pageSize, saveRaw, requestTimeout, ...cluster } = opts;
      const { collectKubernetes } = await loadCollector();
      const collection = await collectKubernetes({ kubeconfig, context, pageSize, progress: log, cluster: { ...cluster, name: clusterName }, ...(requestTimeout ? { requestTimeoutMs: requestTimeout * 1000 } : {}) });
      const name = (collection.envelope as { cluster: { name: string } }).cluster.name;
      if (saveRaw) {
        await mkdir(saveRaw, { recursive: true });
        const file = path.join(saveRaw, `${name.replace(/[^\w.-]/g, '_')}.k8s.json`);
        await writeFile(file, `${JSON.stringify(collection.envelope, null, 1)}\n`);
        log(`kubernetes: envelope saved to ${file}`);
      }
      // The parsers and the analysis load only when a run has something to record.
      const { recordCollected } = await import('../../ingest/ingest.js');
      const { summary, snapshot } = await recordCollected([{ file: `k8s-live:${name}`, json: collection.envelope }], { startedAt, warnings: collection.warnings }, store, log);
      for (const w of snapshot.run.warnings) log(`warning: ${w}`);
      console.log(`snapshot ${summary.id} written to ${store}`);
      console.log(`  kubernetes: cluster ${name}; ${Object.entries(collection.counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
      console.log(`  ${summary.nodes} nodes, ${summary.edges} edges; ${snapshot.graph.nodes.filter((n) => n.tierZero).length} tier-zero nodes`);
    });
}

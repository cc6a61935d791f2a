import { awsOfflineSource } from './aws/offline/index.js';
import { azureOfflineSource } from './azure/offline/index.js';
import { gcpOfflineSource } from './gcp/offline/index.js';
import { kubernetesOfflineSource } from './kubernetes/offline/index.js';
import { secretsOfflineSource } from './secrets/offline/index.js';
import type { AnyOfflineSource } from './types.js';

/**
 * Every offline source. A new source registers here; format detection tries them in order.
 * Kubernetes comes before AWS because it claims the aws-cli/1 envelopes of EKS commands.
 */
export const OFFLINE_SOURCES: readonly AnyOfflineSource[] = [kubernetesOfflineSource, awsOfflineSource, azureOfflineSource, gcpOfflineSource, secretsOfflineSource];

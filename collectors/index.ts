import { awsOfflineSource } from './aws/offline/index.js';
import { azureOfflineSource } from './azure/offline/index.js';
import { gcpOfflineSource } from './gcp/offline/index.js';
import { githubOfflineSource } from './github/offline/index.js';
import { kubernetesOfflineSource } from './kubernetes/offline/index.js';
import { secretsOfflineSource } from './secrets/offline/index.js';
import type { AnyOfflineSource } from './types.js';
import { usageOfflineSource } from './usage/offline/index.js';

/**
 * Every offline source. A new source registers here; format detection tries them in order.
 * Kubernetes comes before AWS because it claims the aws-cli/1 envelopes of EKS commands, and usage
 * before AWS because it claims those of the last-accessed and key-last-used commands.
 */
export const OFFLINE_SOURCES: readonly AnyOfflineSource[] = [kubernetesOfflineSource, usageOfflineSource, awsOfflineSource, azureOfflineSource, gcpOfflineSource, githubOfflineSource, secretsOfflineSource];

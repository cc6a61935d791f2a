import { awsOfflineSource } from './aws/offline/index.js';
import { azureOfflineSource } from './azure/offline/index.js';
import { gcpOfflineSource } from './gcp/offline/index.js';
import type { AnyOfflineSource } from './types.js';

/** Every offline source. A new source registers here; format detection tries them in order. */
export const OFFLINE_SOURCES: readonly AnyOfflineSource[] = [awsOfflineSource, azureOfflineSource, gcpOfflineSource];

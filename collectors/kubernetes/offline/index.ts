import type { OfflineFormat, OfflineSource } from '../../types.js';
import type { K8sPart } from '../part.js';
import * as C from './clouds.js';
import { ENVELOPE_FORMAT, looksLikeEnvelope, parseEnvelope } from './envelope.js';
import { mergeK8sParts } from './merge.js';

const formats: OfflineFormat<K8sPart>[] = [
  { name: `leakpath ${ENVELOPE_FORMAT} (kubectl lists of one cluster)`, detect: looksLikeEnvelope, parse: parseEnvelope },
  { name: 'leakpath aws-cli/1 envelope of an EKS command', detect: C.looksLikeEksEnvelope, parse: C.parseEksEnvelope },
  { name: 'aws eks describe-cluster', detect: C.looksLikeEksCluster, parse: C.parseEksCluster },
  { name: 'aws eks describe-nodegroup', detect: C.looksLikeEksNodegroup, parse: C.parseEksNodegroup },
  { name: 'aws eks list/describe pod identity associations', detect: C.looksLikePodIdentity, parse: C.parsePodIdentity },
  { name: 'gcloud container clusters describe', detect: C.looksLikeGkeCluster, parse: C.parseGkeCluster },
  { name: 'az aks show', detect: C.looksLikeAksCluster, parse: C.parseAksCluster },
];

export const kubernetesOfflineSource: OfflineSource<K8sPart> = { provider: 'kubernetes', formats, merge: mergeK8sParts };

/**
 * What an Actions secret probably holds, by its name (values are write-only): a hint shown on the
 * node, never an edge. Edges to the credential come from a link file or a scanner identity.
 */
const PATTERNS: [RegExp, string][] = [
  [/AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_KEY/i, 'aws-access-key'],
  [/GCP|GOOGLE_(APPLICATION_)?CREDENTIALS|GCLOUD|SERVICE_ACCOUNT_KEY/i, 'gcp-service-account-key'],
  [/AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET|AZURE_CREDENTIALS/i, 'azure-client-secret'],
  [/KUBECONFIG|K8S_TOKEN/i, 'kubernetes-credential'],
  [/(GH|GITHUB)_(PAT|TOKEN)|PERSONAL_ACCESS_TOKEN/i, 'github-token'],
  [/NPM_TOKEN|PYPI|DOCKER(HUB)?_(PASSWORD|TOKEN)/i, 'registry-token'],
];

export function secretHolds(name: string): string | undefined {
  return PATTERNS.find(([re]) => re.test(name))?.[1];
}

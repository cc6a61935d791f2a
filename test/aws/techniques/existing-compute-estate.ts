import type { AwsResource } from '../../../src/model/inventory/index.js';
import { A, resource as estateResource } from './estate.js';

/** ARNs of the resource types estate.ts does not know; the others come from there. */
const MORE_ARNS: Record<string, (name: string) => string> = {
  'batch:job-definition': (n) => `arn:aws:batch:eu-west-1:${A}:job-definition/${n}:1`,
  'batch:job-queue': (n) => `arn:aws:batch:eu-west-1:${A}:job-queue/${n}`,
  'bedrock-agentcore:code-interpreter': (n) => `arn:aws:bedrock-agentcore:eu-west-1:${A}:code-interpreter-custom/${n}-a1b2c3d4e5`,
  'bedrock-agentcore:runtime': (n) => `arn:aws:bedrock-agentcore:eu-west-1:${A}:runtime/${n}-a1b2c3d4e5`,
  'bedrock-agentcore:browser': (n) => `arn:aws:bedrock-agentcore:eu-west-1:${A}:browser-custom/${n}-a1b2c3d4e5`,
  'codedeploy:deployment-group': (n) => `arn:aws:codedeploy:eu-west-1:${A}:deploymentgroup:web/${n}`,
};

export function resource(type: string, name: string, opts: Partial<AwsResource> = {}): AwsResource {
  const arn = opts.arn ?? MORE_ARNS[type]?.(name);
  return { ...estateResource(type, name, opts), ...(arn ? { arn } : {}) };
}

/** Props under which every existing-compute technique's resource state holds. */
export const HOLDING: AwsResource['props'] = { ssmManaged: true, enableExecuteCommand: true, inboundAuth: 'iam', computePlatform: 'Server', status: 'ACTIVE' };

import { describe, expect, it } from 'vitest';
import type { AwsInventory } from '../../src/model/inventory/index.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';

/** `aws iam get-open-id-connect-provider` output as the AWS CLI reference documents it. */
const GET_OUTPUT = {
  ThumbprintList: ['990F419EXAMPLEECF12DDEDA5EXAMPLE52F20D9E'],
  CreateDate: '2019-10-09T19:10:20.123000+00:00',
  ClientIDList: ['sts.amazonaws.com'],
  Url: 'token.actions.githubusercontent.com',
  Tags: [],
};
const ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const envelope = (command: string, output: unknown, parameters: object = {}) => ({ leakpath: 'aws-cli/1', command, parameters, account: '111122223333', output });

describe('IAM OIDC providers (aws-cli/1)', () => {
  it('list and get: one iam:oidc-provider resource with issuer URL and audiences', () => {
    const read = readInputsFromJson({
      'list.json': envelope('iam list-open-id-connect-providers', { OpenIDConnectProviderList: [{ Arn: ARN }, { Arn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC' }] }),
      'get.json': envelope('iam get-open-id-connect-provider', GET_OUTPUT, { OpenIDConnectProviderArn: ARN }),
    });
    const inv = read.inventories[0] as AwsInventory;
    const providers = inv.accounts[0]!.resources!.filter((r) => r.type === 'iam:oidc-provider');
    expect(providers.map((p) => [p.arn, p.props.url]).sort()).toEqual([
      ['arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC', 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC'],
      [ARN, 'https://token.actions.githubusercontent.com'],
    ]);
    expect(providers.find((p) => p.arn === ARN)!.props.clientIds).toEqual(['sts.amazonaws.com']);
    expect(inv.accounts[0]!.collected).toContain('iam:oidc-provider');
  });

  it('the bare list output is recognised too', () => {
    const read = readInputsFromJson({ 'list.json': { OpenIDConnectProviderList: [{ Arn: ARN }] } });
    expect(read.sources[0]!.format).toMatch(/aws/);
  });

  it('get without the provider ARN parameter: exit 2, naming the parameter', () => {
    const e = inputError({ 'get.json': envelope('iam get-open-id-connect-provider', GET_OUTPUT) });
    expect(e.message).toMatch(/parameters\.OpenIDConnectProviderArn/);
  });
});

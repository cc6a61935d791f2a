import { z } from 'zod';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { parameter, part, resource, splitArn, tagsOf, type AwsPart, type CommandContext } from './part.js';

/**
 * IAM OIDC identity providers (`iam list-open-id-connect-providers`, `iam get-open-id-connect-provider`),
 * resource type `iam:oidc-provider`. A role trusting `Federated: …:oidc-provider/<host>` federates
 * tokens of that issuer only if the provider exists in the role's account; the listing says which do.
 */
export const OIDC_PROVIDER = 'iam:oidc-provider';

const arn = z.string().regex(/^arn:[^:]+:iam::\d{12}:oidc-provider\/.+$/, 'an OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/HOST)');

const host = (a: string) => a.slice(a.indexOf(':oidc-provider/') + ':oidc-provider/'.length);

export function parseListOidcProviders(json: unknown, ctx: CommandContext): AwsPart {
  const { OpenIDConnectProviderList } = parseOrThrow(
    z.object({ OpenIDConnectProviderList: z.array(z.object({ Arn: arn }).loose()) }).loose(),
    json,
    ctx.file,
    'iam list-open-id-connect-providers output',
  );
  return part({
    resources: OpenIDConnectProviderList.map((p) => ({
      account: splitArn(p.Arn)?.account,
      resource: resource({ arn: p.Arn, type: OIDC_PROVIDER, name: host(p.Arn), props: { url: `https://${host(p.Arn)}` } }),
    })),
  });
}

/** The output names no ARN: it is the request's `--open-id-connect-provider-arn`. */
export function parseGetOidcProvider(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(
    z.object({ Url: z.string().min(1), ClientIDList: z.array(z.string()).default([]), ThumbprintList: z.array(z.string()).default([]), CreateDate: z.string().optional(), Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).default([]) }).loose(),
    json,
    ctx.file,
    'iam get-open-id-connect-provider output',
  );
  const a = parseOrThrow(arn, parameter(ctx, 'OpenIDConnectProviderArn'), ctx.envelopeFile ?? ctx.file, 'parameters.OpenIDConnectProviderArn');
  const url = out.Url.startsWith('https://') ? out.Url : `https://${out.Url}`;
  return part({
    resources: [
      {
        account: splitArn(a)?.account,
        resource: resource({ arn: a, type: OIDC_PROVIDER, name: host(a), tags: tagsOf(out.Tags), props: { url, clientIds: out.ClientIDList, thumbprints: out.ThumbprintList, createDate: out.CreateDate } }),
      },
    ],
  });
}

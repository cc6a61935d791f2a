import { InputError } from '../../../src/errors.js';
import type { OfflineFormat, OfflineSource } from '../../types.js';
import { AWS_COMMANDS, COMMANDS_BY_NAME, type AwsCommand } from './commands.js';
import { looksLikeEnvelope, parseEnvelope } from './envelope.js';
import { mergeAwsParts } from './merge.js';
import { part, type AwsPart, type CommandContext } from './part.js';

export type { AwsPart } from './part.js';

/** Commands the envelope understands, keyed by "<service> <command>". */
export const ENVELOPE_COMMANDS: readonly string[] = AWS_COMMANDS.map((c) => c.command);

const where = (ctx: CommandContext) =>
  [
    ctx.account && `account ${ctx.account}`,
    ctx.region && `region ${ctx.region}`,
    Object.keys(ctx.parameters).length > 0 && JSON.stringify(ctx.parameters),
  ]
    .filter(Boolean)
    .join(', ');

/** A printed pagination token means the CLI stopped early (`--max-items`): the listing is partial. */
const PAGE_TOKENS = ['NextToken', 'nextToken', 'Marker', 'NextMarker', 'ContinuationToken'];

/** Records that a command's output listed its resource type in full, for the merge to place. */
function withListing(command: AwsCommand, output: unknown, parsed: AwsPart, ctx: CommandContext): AwsPart {
  const lists = command.lists;
  if (!lists || lists.narrowing?.some((k) => ctx.parameters[k] !== undefined)) return parsed;
  const out = typeof output === 'object' && output !== null ? (output as Record<string, unknown>) : {};
  if (PAGE_TOKENS.some((k) => out[k] !== undefined && out[k] !== null && out[k] !== '')) return parsed;
  const arns = parsed.resources.filter((r) => r.resource.type === lists.type).map((r) => r.resource.arn);
  return {
    ...parsed,
    collected: [
      ...(parsed.collected ?? []),
      { type: lists.type, ...(ctx.account ? { account: ctx.account } : {}), arns },
    ],
  };
}

const envelope: OfflineFormat<AwsPart> = {
  name: 'leakpath aws-cli/1 envelope',
  detect: looksLikeEnvelope,
  parse: (json, file) => {
    const env = parseEnvelope(json, file);
    const command = COMMANDS_BY_NAME.get(env.command);
    if (!command) {
      throw new InputError(
        file,
        'command',
        `expected one of the supported commands (${ENVELOPE_COMMANDS.join(', ')}), got "${env.command}"`,
      );
    }
    const ctx: CommandContext = {
      file,
      account: env.account,
      region: env.region,
      parameters: env.parameters,
    };
    if (env.error) {
      if (command.answers?.codes.includes(env.error.code)) return command.answers.parse(ctx);
      return part({
        warnings: [
          `${file}: coverage gap: ${env.command} (${where(ctx) || 'no scope'}) failed with ${env.error.code}${env.error.message ? `: ${env.error.message}` : ''}`,
        ],
      });
    }
    const inner = { ...ctx, file: `${file} (output)`, envelopeFile: file };
    return withListing(command, env.output, command.parse(env.output, inner), inner);
  },
};

/** Outputs that name their own subject, recognised by shape. */
const bare: OfflineFormat<AwsPart>[] = AWS_COMMANDS.filter((c) => c.bare).map((c) => ({
  name: `aws ${c.command}`,
  detect: (json) => typeof json === 'object' && json !== null && !Array.isArray(json) && c.bare!(json),
  parse: (json, file) => {
    const ctx: CommandContext = { file, parameters: {} };
    return withListing(c, json, c.parse(json, ctx), ctx);
  },
}));

export const awsOfflineSource: OfflineSource<AwsPart> = {
  provider: 'aws',
  // The envelope first: its inner output would otherwise never be recognised by shape.
  formats: [envelope, ...bare],
  merge: mergeAwsParts,
};

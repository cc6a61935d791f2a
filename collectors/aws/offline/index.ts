import { InputError } from '../../../src/errors.js';
import type { OfflineFormat, OfflineSource } from '../../types.js';
import { AWS_COMMANDS, COMMANDS_BY_NAME } from './commands.js';
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
    return command.parse(env.output, { ...ctx, file: `${file} (output)`, envelopeFile: file });
  },
};

/** Outputs that name their own subject, recognised by shape. */
const bare: OfflineFormat<AwsPart>[] = AWS_COMMANDS.filter((c) => c.bare).map((c) => ({
  name: `aws ${c.command}`,
  detect: (json) => typeof json === 'object' && json !== null && !Array.isArray(json) && c.bare!(json),
  parse: (json, file) => c.parse(json, { file, parameters: {} }),
}));

export const awsOfflineSource: OfflineSource<AwsPart> = {
  provider: 'aws',
  // The envelope first: its inner output would otherwise never be recognised by shape.
  formats: [envelope, ...bare],
  merge: mergeAwsParts,
};

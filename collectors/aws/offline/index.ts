import type { AwsAccessKey, AwsAccount } from '../../../src/model/inventory/index.js';
import { InputError } from '../../../src/errors.js';
import type { OfflineFormat, OfflineSource } from '../../types.js';
import { looksLikeAccessKeys, parseAccessKeys } from './access-keys.js';
import { looksLikeEnvelope, parseEnvelope } from './envelope.js';
import { looksLikeGaad, parseGaad } from './gaad.js';
import { mergeAwsParts } from './merge.js';

/** What one AWS file contributes. Keys may not know their account yet: merge settles it. */
export interface AwsPart {
  accounts: AwsAccount[];
  keys: { keys: AwsAccessKey[]; account?: string }[];
  warnings: string[];
}

const gaad: OfflineFormat<AwsPart> = {
  name: 'aws iam get-account-authorization-details',
  detect: looksLikeGaad,
  parse: (json, file) => ({ accounts: [parseGaad(json, file)], keys: [], warnings: [] }),
};

const accessKeys: OfflineFormat<AwsPart> = {
  name: 'aws iam list-access-keys',
  detect: looksLikeAccessKeys,
  parse: (json, file) => {
    const { keys, warnings } = parseAccessKeys(json, file);
    return { accounts: [], keys: [{ keys }], warnings };
  },
};

/** Envelope commands understood so far, keyed by "<service> <command>". */
const ENVELOPE_COMMANDS: Record<string, (output: unknown, file: string, account?: string) => AwsPart> = {
  'iam get-account-authorization-details': (output, file, account) => ({
    accounts: [parseGaad(output, file, account)],
    keys: [],
    warnings: [],
  }),
  'iam list-access-keys': (output, file, account) => {
    const { keys, warnings } = parseAccessKeys(output, file);
    return { accounts: [], keys: [{ keys, account }], warnings };
  },
};

const envelope: OfflineFormat<AwsPart> = {
  name: 'leakpath aws-cli/1 envelope',
  detect: looksLikeEnvelope,
  parse: (json, file) => {
    const env = parseEnvelope(json, file);
    const handler = ENVELOPE_COMMANDS[env.command];
    if (!handler) {
      throw new InputError(
        file,
        'command',
        `expected one of the supported commands (${Object.keys(ENVELOPE_COMMANDS).join(', ')}), got "${env.command}"`,
      );
    }
    return handler(env.output, `${file} (output)`, env.account);
  },
};

export const awsOfflineSource: OfflineSource<AwsPart> = {
  provider: 'aws',
  // The envelope first: its inner output would otherwise never be recognised by shape.
  formats: [envelope, gaad, accessKeys],
  merge: mergeAwsParts,
};

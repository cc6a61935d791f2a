import { createHash } from 'node:crypto';
import { COMMANDS_BY_NAME } from '../offline/commands.js';
import { redact, type ConfigValue } from '../offline/values.js';
import { redactUserData } from '../offline/user-data.js';
import { appendAll } from '../../../src/model/append.js';

/** One fetched response in the public offline format (docs/aws-offline-format.md). */
export interface RawEnvelope {
  leakpath: 'aws-cli/1';
  command: string;
  parameters: Record<string, unknown>;
  account: string;
  region: string;
  output?: unknown;
  error?: { code: string; message?: string };
}

/** An envelope and the path, relative to a --save-raw directory, it is saved under. */
export interface CollectedFile {
  path: string;
  envelope: RawEnvelope;
}

/**
 * SDK responses → what the CLI prints: dates become ISO strings, `$metadata` and pagination
 * tokens go, undefined fields vanish.
 */
export function normalise(response: object): unknown {
  const copy = JSON.parse(JSON.stringify(response)) as Record<string, unknown>;
  for (const k of [
    '$metadata',
    'NextToken',
    'nextToken',
    'Marker',
    'NextMarker',
    'IsTruncated',
    'ContinuationToken',
  ])
    delete copy[k];
  return copy;
}

/** The pages of a paginated listing, concatenated as the CLI does. */
export async function allPages(
  pages: AsyncIterable<object>,
  keys: readonly string[],
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = Object.fromEntries(keys.map((k) => [k, []]));
  for await (const page of pages) {
    for (const k of keys) {
      const items = (page as Record<string, unknown>)[k];
      if (Array.isArray(items)) appendAll(out[k]!, (items as unknown[]));
    }
  }
  return out;
}

/** Pages of an API that has no SDK paginator: `NextToken` in, `NextToken` out. */
export async function* tokenPages<T extends { NextToken?: string }>(
  fetch: (token: string | undefined) => Promise<T>,
): AsyncIterable<T> {
  let token: string | undefined;
  do {
    const page = await fetch(token);
    yield page;
    token = page.NextToken;
  } while (token);
}

type Json = Record<string, unknown>;
const each = (list: unknown, fn: (item: Json) => void) => {
  if (Array.isArray(list))
    for (const item of list) if (typeof item === 'object' && item !== null) fn(item as Json);
};

/** Container environments as `[{ name, value }]`: each value replaced by its redacted facts. */
const redactNameValues = (list: unknown) =>
  each(list, (v) => {
    if (typeof v.value === 'string') v.value = redact(String(v.name), v.value);
  });

const redactStackParameters = (list: unknown) =>
  each(list, (p) => {
    if (typeof p.ParameterValue === 'string') p.ParameterValue = redact(String(p.ParameterKey), p.ParameterValue);
  });

/** Batch containers: single-container, every node range of a multi-node job, ECS and EKS properties. */
const redactJobDefinition = (d: Json) => {
  const containers: unknown[] = [d.containerProperties];
  const nodes = d.nodeProperties as Json | undefined;
  each(nodes?.nodeRangeProperties, (n) => containers.push(n.container));
  const ecs = d.ecsProperties as Json | undefined;
  each(ecs?.taskProperties, (t) => each(t.containers, (c) => containers.push(c)));
  const eks = (d.eksProperties as Json | undefined)?.podProperties as Json | undefined;
  each(eks?.containers, (c) => containers.push({ environment: c.env }));
  each(eks?.initContainers, (c) => containers.push({ environment: c.env }));
  each(containers, (c) => redactNameValues(c.environment));
};

/**
 * Values that may hold secrets are replaced before anything else sees the response, so neither
 * the snapshot nor a --save-raw file can contain them. A replaced configuration value keeps the
 * facts leakpath reads (offline/values.ts), so re-ingesting a save gives the same graph; free text
 * leakpath does not read (inline buildspecs, stack outputs, target inputs) is dropped.
 */
const REDACT: Record<string, (output: Json) => void> = {
  'lambda list-functions': (o) =>
    each(o.Functions, (f) => {
      const env = f.Environment as { Variables?: Record<string, ConfigValue> } | undefined;
      if (env?.Variables)
        env.Variables = Object.fromEntries(Object.entries(env.Variables).map(([k, v]) => [k, redact(k, v)]));
    }),
  'codebuild batch-get-projects': (o) =>
    each(o.projects, (p) => {
      each((p.environment as Json | undefined)?.environmentVariables, (v) => {
        if (v.type === undefined || v.type === 'PLAINTEXT')
          v.value = redact(String(v.name), v.value as ConfigValue);
      });
      for (const source of [p.source, ...(Array.isArray(p.secondarySources) ? p.secondarySources : [])]) {
        if (typeof source === 'object' && source !== null) delete (source as Json).buildspec;
      }
    }),
  'cloudformation describe-stacks': (o) =>
    each(o.Stacks, (s) => {
      redactStackParameters(s.Parameters);
      delete s.Outputs;
    }),
  'batch describe-job-definitions': (o) => each(o.jobDefinitions, redactJobDefinition),
  'cloudformation describe-stack-set': (o) => {
    const set = o.StackSet as Json | undefined;
    if (!set) return;
    redactStackParameters(set.Parameters);
    delete set.TemplateBody;
  },
  'ecs describe-task-definition': (o) =>
    each((o.taskDefinition as Json | undefined)?.containerDefinitions, (c) => redactNameValues(c.environment)),
  'bedrock-agentcore-control get-agent-runtime': (o) => {
    const env = o.environmentVariables as Record<string, ConfigValue> | undefined;
    if (env) o.environmentVariables = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, redact(k, v)]));
  },
  'ec2 describe-instance-attribute': (o) => {
    const userData = o.UserData as Json | undefined;
    if (typeof userData?.Value === 'string') userData.Value = redactUserData(userData.Value);
  },
  'events list-targets-by-rule': (o) =>
    each(o.Targets, (t) => {
      for (const k of ['Input', 'InputTransformer', 'HttpParameters']) delete t[k];
    }),
};

export function redactOutput(command: string, output: unknown): unknown {
  const fn = REDACT[command];
  if (fn && typeof output === 'object' && output !== null) fn(output as Json);
  return output;
}

/** An error's code as the CLI would print it (the wire code), else the SDK's exception name. */
export function errorCode(e: unknown): string {
  const err = e as { Code?: unknown; code?: unknown; name?: unknown; $response?: { statusCode?: number } };
  // A body that is not the service's JSON or XML (an HTML error page) says only its HTTP status.
  if (err.name === 'SyntaxError' && err.$response?.statusCode) return `HTTP ${err.$response.statusCode}`;
  if (typeof err.Code === 'string') return err.Code;
  if (typeof err.name === 'string' && err.name !== 'Error') return err.name;
  if (typeof err.code === 'string') return err.code;
  return 'UnknownError';
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);
const slug = (text: string): string => {
  const safe = text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  // Distinct names that sanitise alike (a/b and a_b) must not overwrite each other.
  return safe === text ? safe : `${safe}-${digest(text)}`;
};

/**
 * Makes the requests of one account and region, turning each response — success or failure — into
 * an envelope. A failure is not judged here: the offline parser decides whether it answers the
 * question (no policy, no password) or leaves a coverage gap.
 */
export class Recorder {
  constructor(
    readonly account: string,
    readonly region: string,
    /** `global` for IAM, S3 listing and Organizations; else the region. */
    private readonly scope: string,
    private readonly files: CollectedFile[],
    private readonly onError: (line: string) => void,
    /** Gaps no saved envelope records (a failed listing the parsers do not read). */
    private readonly warnings: string[] = [],
  ) {}

  forScope(region: string, scope = region): Recorder {
    return new Recorder(this.account, region, scope, this.files, this.onError, this.warnings);
  }

  /**
   * A listing made only to find what to describe. Recorded like any call when an offline parser
   * reads the command; otherwise nothing is saved (ingest rejects commands it does not know) and a
   * failure goes to the run's warnings, since no envelope would carry it.
   */
  async lookup(
    command: string,
    parameters: Record<string, unknown>,
    fetch: () => Promise<object>,
  ): Promise<Record<string, unknown> | undefined> {
    if (COMMANDS_BY_NAME.has(command)) return this.call(command, parameters, fetch);
    try {
      return normalise(await fetch()) as Record<string, unknown>;
    } catch (e) {
      const line = `${this.account} ${this.scope}: ${command}: ${errorCode(e)}`;
      this.onError(line);
      this.warnings.push(
        `account ${this.account}, ${this.scope}: ${command} failed with ${errorCode(e)}: ${(e as Error).message}; what it lists was not read (coverage gap)`,
      );
      return undefined;
    }
  }

  async call(
    command: string,
    parameters: Record<string, unknown>,
    fetch: () => Promise<object>,
  ): Promise<Record<string, unknown> | undefined> {
    const subject = Object.values(parameters).map((v) =>
      typeof v === 'string' ? slug(v) : digest(JSON.stringify(v)),
    );
    const name = [command.replace(' ', '-'), ...subject].join('--');
    const base: Omit<RawEnvelope, 'output' | 'error'> = {
      leakpath: 'aws-cli/1',
      command,
      parameters,
      account: this.account,
      region: this.region,
    };
    const path = `${this.account}/${this.scope}/${name}.json`;
    try {
      const output = redactOutput(command, normalise(await fetch())) as Record<string, unknown>;
      this.files.push({ path, envelope: { ...base, output } });
      return output;
    } catch (e) {
      const code = errorCode(e);
      this.files.push({ path, envelope: { ...base, error: { code, message: (e as Error).message } } });
      // Errors that answer the question (no policy, no password) are not failures worth a line.
      if (!COMMANDS_BY_NAME.get(command)?.answers?.codes.includes(code)) {
        this.onError(
          `${this.account} ${this.scope}: ${command}${subject.length ? ` ${subject.join(' ')}` : ''}: ${code}`,
        );
      }
      return undefined;
    }
  }
}

export { mapLimit } from '../../live/map-limit.js';

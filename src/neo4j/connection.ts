import neo4j, { type Driver, type EagerResult, type RecordShape } from 'neo4j-driver';
import { LeakpathError, SourceUnreachableError, UsageError } from '../errors.js';
import { quoted } from '../echo.js';

/** A URI as printed: user name and password in it (`bolt://u:p@host`) are never shown. */
const withoutUserInfo = (uri: string) => uri.replace(/\/\/[^/@]*@/, '//');

export const DEFAULT_URI = 'bolt://localhost:7687';
export const DEFAULT_GRAPH = 'default';

/** What the user may set on the command line. The password is deliberately not a flag: flags end up in shell history and `ps`. */
export interface Neo4jFlags {
  neo4jUri?: string;
  neo4jUser?: string;
  neo4jDatabase?: string;
  neo4jGraph?: string;
}

export interface Neo4jSettings {
  uri: string;
  username: string;
  password: string;
  /** Undefined: the user's home database on the server. */
  database?: string;
  /** Several estates can share one database; each push and query is confined to one named graph. */
  graph: string;
}

/** Flags win over the environment (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE, LEAKPATH_NEO4J_GRAPH). */
export function neo4jSettings(flags: Neo4jFlags = {}, env: NodeJS.ProcessEnv = process.env): Neo4jSettings {
  const uri = flags.neo4jUri ?? env.NEO4J_URI ?? DEFAULT_URI;
  if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\//.test(uri)) {
    throw new UsageError(
      `--neo4j-uri must start with bolt://, neo4j://, neo4j+s:// (Aura, clusters) or their +ssc variants, got ${quoted(uri)}`,
    );
  }
  const password = env.NEO4J_PASSWORD;
  if (password === undefined) {
    throw new UsageError(
      'set NEO4J_PASSWORD (and NEO4J_USERNAME if not "neo4j") in the environment to connect to Neo4j',
    );
  }
  const graph = flags.neo4jGraph ?? env.LEAKPATH_NEO4J_GRAPH ?? DEFAULT_GRAPH;
  if (graph.trim() === '') throw new UsageError('--neo4j-graph must not be empty');
  const database = flags.neo4jDatabase ?? env.NEO4J_DATABASE;
  return {
    uri,
    username: flags.neo4jUser ?? env.NEO4J_USERNAME ?? 'neo4j',
    password,
    ...(database ? { database } : {}),
    graph,
  };
}

/**
 * One driver per command, and every statement through `executeQuery` with an explicit database
 * (one round trip fewer per query) and the driver's managed retries on transient errors.
 */
export class Neo4jConnection {
  private constructor(
    readonly settings: Neo4jSettings,
    private readonly driver: Driver,
  ) {}

  static async open(settings: Neo4jSettings): Promise<Neo4jConnection> {
    const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.username, settings.password), {
      userAgent: 'leakpath',
      connectionTimeout: 10_000,
      // A cluster leader switch is over in seconds; a stopped server should fail the command, not hang it.
      maxTransactionRetryTime: 10_000,
    });
    const connection = new Neo4jConnection(settings, driver);
    try {
      await driver.verifyConnectivity(settings.database ? { database: settings.database } : {});
    } catch (e) {
      await driver.close();
      throw connection.explain(e);
    }
    return connection;
  }

  get graph(): string {
    return this.settings.graph;
  }

  where(): string {
    return `${withoutUserInfo(this.settings.uri)}${this.settings.database ? ` database ${this.settings.database}` : ''}`;
  }

  async read<R extends RecordShape = RecordShape>(
    query: string,
    params: Record<string, unknown> = {},
  ): Promise<EagerResult<R>> {
    return this.execute<R>(query, params, 'READ');
  }

  async write<R extends RecordShape = RecordShape>(
    query: string,
    params: Record<string, unknown> = {},
  ): Promise<EagerResult<R>> {
    return this.execute<R>(query, params, 'WRITE');
  }

  private async execute<R extends RecordShape>(
    query: string,
    params: Record<string, unknown>,
    routing: 'READ' | 'WRITE',
  ): Promise<EagerResult<R>> {
    try {
      return await this.driver.executeQuery<EagerResult<R>>(
        query,
        { graph: this.settings.graph, ...params },
        {
          ...(this.settings.database ? { database: this.settings.database } : {}),
          routing: routing === 'READ' ? neo4j.routing.READ : neo4j.routing.WRITE,
        },
      );
    } catch (e) {
      throw this.explain(e);
    }
  }

  /** Driver errors in the CLI's terms: unreachable is exit 3, wrong credentials or database exit 2. */
  explain(e: unknown): Error {
    if (e instanceof LeakpathError) return e;
    const err = e as { code?: string; message?: string };
    const code = err.code ?? '';
    const message = err.message ?? String(e);
    if (
      code === 'ServiceUnavailable' ||
      code === 'SessionExpired' ||
      /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH/.test(message)
    ) {
      return new SourceUnreachableError(`Neo4j at ${this.where()} is unreachable: ${message}`);
    }
    if (
      code === 'Neo.ClientError.Security.Unauthorized' ||
      code === 'Neo.ClientError.Security.AuthenticationRateLimit'
    ) {
      return new UsageError(
        `Neo4j at ${withoutUserInfo(this.settings.uri)} refused user "${this.settings.username}": check NEO4J_USERNAME and NEO4J_PASSWORD`,
      );
    }
    if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
      return new UsageError(
        `Neo4j at ${withoutUserInfo(this.settings.uri)} has no database "${this.settings.database}": check --neo4j-database / NEO4J_DATABASE`,
      );
    }
    return e instanceof Error ? e : new Error(message);
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

/** Neo4j integers come back as driver Integers; ours all fit in a double (ids are strings, never integers). */
export function toNumber(value: unknown): number {
  if (neo4j.isInt(value)) return value.toNumber();
  return value as number;
}

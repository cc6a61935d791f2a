import { Command, CommanderError, Option } from 'commander';
import { redactQuoted } from '../echo.js';
import { LeakpathError } from '../errors.js';
import { DEFAULT_STORE } from '../store/store.js';
import { registerCheck } from './commands/check.js';
import { registerChokepoints } from './commands/chokepoints.js';
import { registerCollect } from './commands/collect.js';
import { registerDemo } from './commands/demo.js';
import { registerHistory } from './commands/history.js';
import { registerExport } from './commands/export.js';
import { registerIngest } from './commands/ingest.js';
import { registerNeo4j } from './commands/neo4j.js';
import { registerQueries } from './commands/query.js';
import { registerReport } from './commands/report.js';
import { registerSnapshots } from './commands/snapshots.js';
import { registerUnused } from './commands/unused.js';
import { colourFor, setQuiet } from './output.js';
import { terminalSafe } from '../report/terminal-safe.js';
import { packageVersion } from './package-root.js';

/**
 * Exit codes (README): 0 ok, 1 findings over a --fail-on threshold, 2 usage or bad input, 3 source
 * unreachable, 4 internal error. Command modules load their heavy dependencies (cloud SDKs, the
 * Neo4j driver, the parsers) inside their actions, so that query commands start fast.
 */
export function buildProgram(): Command {
  const program = new Command('leakpath')
    .description('If this non-human credential leaks, what can an attacker reach, and how?')
    .version(packageVersion(), '-V, --version', 'print the version')
    // Every subcommand's help lists these too: they are accepted before or after the command.
    .configureHelp({ showGlobalOptions: true })
    .option('--store <dir>', 'snapshot store directory', DEFAULT_STORE)
    .option('--config <file>', 'config file with crown-jewel selectors (default: ./leakpath.config.yaml if present)')
    .option('--snapshot <id>', 'query this snapshot instead of the latest')
    .addOption(new Option('--engine <engine>', 'query engine').choices(['embedded', 'neo4j']).default('embedded'))
    .option('-q, --quiet', 'no progress or warnings on stderr; results and errors only')
    .option('--debug', 'print stack traces of errors')
    .option('--threads <n>', 'worker threads for the AWS analysis of ingest, collect and snapshot: a whole number, 1 in process (default auto; or LEAKPATH_THREADS)')
    .showHelpAfterError()
    // Commander quotes what it refuses, and a pasted secret that starts with '-' is an "unknown
    // option": quoted values that may be secrets are replaced (subcommands inherit this).
    .configureOutput({ outputError: (message, write) => write(redactQuoted(message)) })
    .exitOverride();
  program.hook('preAction', (_program, action) => {
    const opts = action.optsWithGlobals<{ quiet?: boolean; threads?: string }>();
    setQuiet(opts.quiet === true);
    // The analysis reads LEAKPATH_THREADS wherever it runs (requestedThreads), and validates it there.
    if (opts.threads !== undefined) process.env.LEAKPATH_THREADS = opts.threads;
  });
  for (const register of [registerIngest, registerCollect, registerQueries, registerReport, registerChokepoints, registerUnused, registerDemo, registerSnapshots, registerHistory, registerNeo4j, registerExport, registerCheck]) register(program);
  const exitOverrideAll = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(exitOverrideAll);
  };
  exitOverrideAll(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram();
  const style = colourFor(process.stderr);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version are "errors" to commander; they are successes to the user.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof LeakpathError) {
      process.stderr.write(`${style.red('leakpath:')} ${terminalSafe(e.message)}\n`);
      if (debug) process.stderr.write(`${e.stack}\n${e.cause instanceof Error ? `caused by: ${e.cause.message}\n` : ''}`);
      return e.exitCode;
    }
    process.stderr.write(`${style.red('leakpath: internal error:')} ${terminalSafe((e as Error).message)}\n`);
    process.stderr.write(debug ? `${(e as Error).stack}\n` : 'run again with --debug for the stack trace, and please report it\n');
    return 4;
  } finally {
    setQuiet(false);
  }
}

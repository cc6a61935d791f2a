import { Command, CommanderError, Option } from 'commander';
import { LeakpathError } from '../errors.js';
import { DEFAULT_STORE } from '../store/store.js';
import { registerCheck } from './commands/check.js';
import { registerChokepoints } from './commands/chokepoints.js';
import { registerCollect } from './commands/collect.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerHistory } from './commands/history.js';
import { registerIngest } from './commands/ingest.js';
import { registerNeo4j } from './commands/neo4j.js';
import { registerQueries } from './commands/query.js';
import { registerReport } from './commands/report.js';
import { registerSnapshots } from './commands/snapshots.js';

/** Exit codes (README): 0 ok, 1 findings over a --fail-on threshold, 2 usage or bad input, 3 source unreachable, 4 internal error. */
export function buildProgram(): Command {
  const program = new Command('leakpath')
    .description('If this non-human credential leaks, what can an attacker reach, and how?')
    .version('0.1.0')
    .option('--store <dir>', 'snapshot store directory', DEFAULT_STORE)
    .option('--config <file>', 'config file with crown-jewel selectors (default: ./leakpath.config.yaml if present)')
    .option('--snapshot <id>', 'query this snapshot instead of the latest')
    .addOption(new Option('--engine <engine>', 'query engine').choices(['embedded', 'neo4j']).default('embedded'))
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerIngest, registerCollect, registerQueries, registerReport, registerChokepoints, registerDemo, registerSnapshots, registerNeo4j, registerHistory, registerExport, registerCheck]) register(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram();
  try {
    await program.parseAsync(argv.filter((a) => a !== '--debug'));
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version are "errors" to commander; they are successes to the user.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof LeakpathError) {
      process.stderr.write(`leakpath: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    process.stderr.write(`leakpath: internal error: ${(e as Error).message}\n`);
    process.stderr.write(debug ? `${(e as Error).stack}\n` : 'run again with --debug for the stack trace, and please report it\n');
    return 4;
  }
}

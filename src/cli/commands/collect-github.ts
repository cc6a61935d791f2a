import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { SourceUnreachableError, UsageError } from '../../errors.js';
import { globals, log, parsePositiveInt } from '../context.js';

interface GithubOptions {
  org: string;
  apiUrl: string;
  saveRaw?: string;
  maxWait: number;
  timeout: number;
}

/** `leakpath collect github`: one organisation through the REST API (Octokit), into a snapshot. */
export function registerCollectGithub(collect: Command): void {
  collect
    .command('github')
    .description('collect a GitHub organisation (token from GITHUB_TOKEN: a fine-grained or App token with read access to administration, members, secrets metadata, actions)')
    .requiredOption('--org <login>', 'organisation to collect')
    .option('--api-url <url>', 'REST API base URL (GitHub Enterprise Server: https://HOST/api/v3)', 'https://api.github.com')
    .option('--save-raw <dir>', 'also write the responses as a github-raw/1 file; `leakpath ingest <dir>` reads it back')
    .option('--max-wait <seconds>', 'longest wait for a rate-limit reset before recording a coverage gap', parsePositiveInt('--max-wait'), 60)
    .option('--timeout <seconds>', 'per-request timeout', parsePositiveInt('--timeout'), 30)
    .action(async (opts: GithubOptions, cmd: Command) => {
      const { store } = globals(cmd);
      const token = process.env.GITHUB_TOKEN;
      if (!token) throw new UsageError('set GITHUB_TOKEN to a token that can read the organisation (it is never taken from the command line)');
      const startedAt = new Date();
      // Octokit is loaded only when collecting, not at start-up.
      const { collectGithub } = await import('../../../collectors/github/live/collect.js');
      let collected;
      try {
        collected = await collectGithub({ org: opts.org, token, baseUrl: opts.apiUrl.replace(/\/$/, ''), maxWaitMs: opts.maxWait * 1000, timeoutMs: opts.timeout * 1000, progress: log });
      } catch (e) {
        throw new SourceUnreachableError(`github: ${opts.apiUrl} did not answer: ${(e as Error).message.split('\n')[0]}`);
      }
      const { raw } = collected;
      if (opts.saveRaw) {
        await mkdir(opts.saveRaw, { recursive: true });
        const file = path.join(opts.saveRaw, `github-${opts.org}.json`);
        await writeFile(file, JSON.stringify(raw, null, 1));
        log(`github: responses saved to ${file}`);
      }
      // The parsers and the analysis load only when a run has something to record.
      const { recordCollected } = await import('../../ingest/ingest.js');
      const { summary, snapshot } = await recordCollected([{ file: `github-live:${opts.org}`, json: raw }], { startedAt }, store, log);
      for (const w of snapshot.run.warnings) log(`warning: ${w}`);
      console.log(`snapshot ${summary.id} written to ${store}`);
      console.log(`  github: ${opts.org}; ${Object.keys(raw.responses).length} responses; ${raw.gaps.length} coverage gap(s)`);
      console.log(`  ${summary.nodes} nodes, ${summary.edges} edges`);
    });
}

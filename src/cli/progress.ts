import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => {}, stop: () => {} };

/**
 * Progress of long work on stderr (stdout stays the answer): a bar with counts when stderr is a
 * terminal, a plain line every tenth of the way otherwise (CI logs), nothing when quiet. Short
 * work (under `minimum` items) shows nothing at all.
 */
export function startProgress(label: string, options: { quiet?: boolean; minimum?: number; stream?: NodeJS.WriteStream; env?: NodeJS.ProcessEnv } = {}): Progress {
  if (options.quiet) return SILENT;
  const stream = options.stream ?? process.stderr;
  const minimum = options.minimum ?? 50;
  if (wantsBar(stream, options.env)) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      update(done, total) {
        if (total < minimum) return;
        if (!bar) {
          bar = new cliProgress.SingleBar({ stream, format: `${label} [{bar}] {value}/{total} ({percentage}%) {eta_formatted}`, hideCursor: true, clearOnComplete: true, noTTYOutput: !stream.isTTY, notTTYSchedule: 1000 }, cliProgress.Presets.shades_classic);
          bar.start(total, 0);
        }
        bar.update(done);
      },
      stop: () => bar?.stop(),
    };
  }
  let lastTenth = 0;
  return {
    update(done, total) {
      if (total < minimum) return;
      const tenth = Math.floor((done * 10) / total);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      stream.write(`${label}: ${done}/${total}\n`);
    },
    stop: () => {},
  };
}

/**
 * A bar on a terminal; `LEAKPATH_PROGRESS=bar` forces it elsewhere (a CI log that renders
 * carriage returns, a test), `LEAKPATH_PROGRESS=lines` forces plain lines on a terminal.
 */
export function wantsBar(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.LEAKPATH_PROGRESS === 'bar') return true;
  if (env.LEAKPATH_PROGRESS === 'lines') return false;
  return stream.isTTY === true;
}

/** Work in phases of known size (an ingest: files read, files parsed, analysis steps, the write). */
export interface PhasedProgress {
  /** Starts a phase of `total` steps. */
  phase(name: string, total: number): void;
  /** `done` steps of the current phase are done. */
  update(done: number): void;
  stop(): void;
}

/**
 * One bar for phased work, relabelled per phase, with counts (`ingest [███░░] 12/40 files read`).
 * Undefined when no bar is wanted: the caller prints its plain progress lines instead.
 */
export function startPhasedBar(label: string, options: { quiet?: boolean; stream?: NodeJS.WriteStream; env?: NodeJS.ProcessEnv } = {}): PhasedProgress | undefined {
  if (options.quiet) return undefined;
  const stream = options.stream ?? process.stderr;
  if (!wantsBar(stream, options.env)) return undefined;
  const bar = new cliProgress.SingleBar(
    // A forced bar on a stream that is no terminal draws one line per phase and per second (noTTYOutput).
    { stream, format: `${label} [{bar}] {value}/{total} {phase}`, hideCursor: true, clearOnComplete: false, noTTYOutput: !stream.isTTY, notTTYSchedule: 1000 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    phase(name, total) {
      if (!started) {
        bar.start(total, 0, { phase: name });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(0, { phase: name });
        bar.render();
      }
    },
    update: (done) => bar.update(done),
    stop: () => started && bar.stop(),
  };
}

/** `--quiet`, wherever the command line put it. */
export const isQuiet = (opts: { quiet?: unknown }) => opts.quiet === true;

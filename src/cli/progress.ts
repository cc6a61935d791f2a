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
export function startProgress(label: string, options: { quiet?: boolean; minimum?: number; stream?: NodeJS.WriteStream } = {}): Progress {
  if (options.quiet) return SILENT;
  const stream = options.stream ?? process.stderr;
  const minimum = options.minimum ?? 50;
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      update(done, total) {
        if (total < minimum) return;
        if (!bar) {
          bar = new cliProgress.SingleBar({ stream, format: `${label} [{bar}] {value}/{total} ({percentage}%) {eta_formatted}`, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
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

/** `--quiet`, wherever the command line put it. */
export const isQuiet = (opts: { quiet?: unknown }) => opts.quiet === true;

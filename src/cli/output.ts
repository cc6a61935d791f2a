/**
 * How the CLI talks to the terminal: results on stdout, progress and warnings on stderr (so stdout
 * stays machine-readable), `--quiet` silencing progress, colour only on a terminal.
 */
import { ANSI_STYLE, PLAIN_STYLE, type TextStyle } from '../report/style.js';

let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Progress: what is happening now. Silenced by --quiet. */
export const log = (line: string): void => {
  if (!quiet) process.stderr.write(`${line}\n`);
};

/** Something the user should know about the result (a skipped file, a gap). Silenced by --quiet. */
export const warn = (line: string): void => {
  if (!quiet) process.stderr.write(`warning: ${line}\n`);
};

/** Colour on a terminal unless NO_COLOR (https://no-color.org) is set to anything non-empty, or TERM is dumb. */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): TextStyle {
  if (env.NO_COLOR) return PLAIN_STYLE;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return ANSI_STYLE;
  return stream.isTTY && env.TERM !== 'dumb' ? ANSI_STYLE : PLAIN_STYLE;
}

/** The width to fit tables to: the terminal's, else 100 columns. */
export function terminalWidth(): number {
  const cols = process.stdout.columns;
  return typeof cols === 'number' && cols >= 40 ? cols : 100;
}

import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';
import { ANSI_STYLE, PLAIN_STYLE, type TextStyle } from '../report/style.js';
import { terminalSafe } from '../report/terminal-safe.js';
import { quoted } from '../echo.js';

/** Formats of the report-like commands (blast, paths, report, chokepoints); each command says which it has. */
export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'html', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatParser(allowed: readonly OutputFormat[]) {
  return (value: string): OutputFormat => {
    if ((allowed as readonly string[]).includes(value)) return value as OutputFormat;
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, got ${quoted(value)}`);
  };
}

export const OUTPUT_HELP = 'write the output to this file instead of stdout';

/** Renderers of one answer; a command offers the formats it has renderers for. */
export type Renderers = Partial<Record<OutputFormat, () => string | Promise<string>>>;

/** Renders in the chosen format to stdout, or to `--output FILE` (written whole or not at all). */
export async function emitOutput(format: OutputFormat, renderers: Renderers, output?: string): Promise<void> {
  const render = renderers[format];
  if (!render) throw new UsageError(`--format ${format} is not available for this command`);
  const rendered = await render();
  // Text and Markdown carry names and tags from the inputs verbatim: no control sequence of theirs
  // reaches a terminal (or a file later cat'ed to one). JSON escapes them; HTML is a page.
  const text = format === 'text' || format === 'markdown' ? terminalSafe(rendered) : rendered;
  if (output === undefined) {
    console.log(text);
    return;
  }
  try {
    await writeFileAtomic(path.resolve(output), text.endsWith('\n') ? text : `${text}\n`);
  } catch (e) {
    throw new UsageError(`--output ${output}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * How the CLI talks to the terminal: results on stdout, progress and warnings on stderr (so stdout
 * stays machine-readable), `--quiet` silencing progress, colour only on a terminal.
 */

let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Progress: what is happening now. Silenced by --quiet. */
export const log = (line: string): void => {
  if (!quiet) process.stderr.write(`${terminalSafe(line)}\n`);
};

/** Something the user should know about the result (a skipped file, a gap). Silenced by --quiet. */
export const warn = (line: string): void => {
  if (!quiet) process.stderr.write(`warning: ${terminalSafe(line)}\n`);
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

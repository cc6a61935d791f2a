import path from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic.js';

/** Formats of the report-like commands (blast, paths, report, chokepoints); each command says which it has. */
export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'html', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatParser(allowed: readonly OutputFormat[]) {
  return (value: string): OutputFormat => {
    if ((allowed as readonly string[]).includes(value)) return value as OutputFormat;
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, got "${value}"`);
  };
}

export const OUTPUT_HELP = 'write the output to this file instead of stdout';

/** Renderers of one answer; a command offers the formats it has renderers for. */
export type Renderers = Partial<Record<OutputFormat, () => string | Promise<string>>>;

/** Renders in the chosen format to stdout, or to `--output FILE` (written whole or not at all). */
export async function emitOutput(format: OutputFormat, renderers: Renderers, output?: string): Promise<void> {
  const render = renderers[format];
  if (!render) throw new UsageError(`--format ${format} is not available for this command`);
  const text = await render();
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

/**
 * Plain-text tables that fit a terminal: columns keep their natural width while the line fits;
 * otherwise the widest wrappable columns shrink and their cells wrap onto continuation lines.
 */
export interface Column {
  head: string;
  /** May wrap onto several lines when the table is too wide (names, lists). */
  wrap?: boolean;
  /** Applied to the padded cell, after widths are computed (colour must not count as width). */
  paint?: (padded: string, raw: string) => string;
}

const GAP = 2;
const MIN_WRAP = 12;

function wrapCell(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  // Break after separators that ids, names and lists have, else hard-break.
  for (const token of text.split(/(?<=[ ,/:|_-])/)) {
    if ((line + token).trimEnd().length <= width) {
      line += token;
      continue;
    }
    if (line) lines.push(line.trimEnd());
    line = token.trimStart();
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line) lines.push(line.trimEnd());
  return lines;
}

export function renderTable(columns: readonly Column[], rows: readonly string[][], maxWidth: number): string {
  const widths = columns.map((c, i) => Math.max(c.head.length, ...rows.map((r) => r[i]!.length)));
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.wrap && widths[i]! > Math.max(MIN_WRAP, c.head.length) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = Math.max(MIN_WRAP, columns[widest]!.head.length, widths[widest]! - (total() - maxWidth));
  }
  const line = (cells: string[], raw: string[], paint: boolean) =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]!);
        return paint && columns[i]!.paint && c ? columns[i]!.paint!(padded, raw[i]!) : padded;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  const out = [line(columns.map((c) => c.head), [], false), line(widths.map((w) => '-'.repeat(w)), [], false)];
  for (const row of rows) {
    const wrapped = row.map((cell, i) => (columns[i]!.wrap ? wrapCell(cell, widths[i]!) : [cell]));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let l = 0; l < height; l++) out.push(line(wrapped.map((w) => w[l] ?? ''), row, l === 0));
  }
  return out.join('\n');
}

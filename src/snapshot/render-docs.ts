import { METRICS, METRICS_VERSION } from './definitions.js';

export const METRICS_BEGIN = '<!-- metrics:begin (generated from src/snapshot/definitions.ts by `npm run docs`) -->';
export const METRICS_END = '<!-- metrics:end -->';

/** The metric reference of docs/snapshots.md, from the definitions the code computes. */
export function renderMetricsDocs(): string {
  const lines = [METRICS_BEGIN, '', `Metrics version ${METRICS_VERSION}.`, ''];
  for (const m of METRICS) {
    lines.push(`### ${m.title}`, '', `- **id** \`${m.id}\` (v${m.version}), ${m.unit}, ${m.better} is better`, `- **measures** ${m.control}`, `- **definition** ${m.definition}`, '');
  }
  lines.push(METRICS_END);
  return lines.join('\n');
}

/** docs/snapshots.md with its metric section replaced by the generated one. */
export function withMetricsDocs(doc: string): string {
  const start = doc.indexOf(METRICS_BEGIN);
  const end = doc.indexOf(METRICS_END);
  if (start < 0 || end < start) throw new Error('docs/snapshots.md: metric markers missing');
  return doc.slice(0, start) + renderMetricsDocs() + doc.slice(end + METRICS_END.length);
}

import type { PathStep } from '../query/types.js';

/** The path as commands a red team runs, one commented group per hop; empty when no hop has any. */
export function walkthroughMarkdown(path: readonly PathStep[], name: (id: string) => string): string[] {
  if (!path.some((s) => s.walkthrough)) return [];
  const lines = ['**Walk-through**', '', '```sh'];
  path.forEach((s, i) => {
    lines.push(`# ${i + 1}. ${name(s.from).replace(/\\\|/g, '|')} → ${name(s.to).replace(/\\\|/g, '|')} (${s.technique})`);
    lines.push(...(s.walkthrough ?? ['# no command in the catalogue for this technique: see docs/edges.md']));
  });
  lines.push('```', '');
  return lines;
}

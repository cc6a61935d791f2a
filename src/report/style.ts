/** ANSI styling for text reports; every function is the identity when colour is off. */
export interface TextStyle {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const same = (s: string) => s;

export const PLAIN_STYLE: TextStyle = { bold: same, red: same, yellow: same, green: same, dim: same };
export const ANSI_STYLE: TextStyle = { bold: sgr(1, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), dim: sgr(2, 22) };

/** Critical and high in red, medium in yellow, the rest unpainted. */
export function riskPaint(style: TextStyle, level: string): (s: string) => string {
  if (level === 'critical') return (s) => style.bold(style.red(s));
  if (level === 'high') return style.red;
  if (level === 'medium') return style.yellow;
  return same;
}

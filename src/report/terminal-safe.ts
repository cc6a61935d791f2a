/**
 * Text for a terminal, from names and tags an attacker may have chosen (a role named
 * `x\u001b]0;…\u0007`, a tag that clears the screen): every control character but newline and tab
 * is shown as an escape (`\x1b`), except the colour codes leakpath's own style writes.
 */
const OWN_SGR = new Set(['1', '2', '22', '31', '32', '33', '39']);

// eslint-disable-next-line no-control-regex
const CONTROL = /\u001b\[(\d{1,2})m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (match, sgr: string | undefined) => {
    if (sgr !== undefined && OWN_SGR.has(sgr)) return match;
    const code = match.charCodeAt(0);
    return `${code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`}${match.slice(1)}`;
  });
}

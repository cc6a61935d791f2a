/**
 * JSON.parse messages quote the text around the error (V8: `Unexpected token … "…" is not valid
 * JSON`), and inputs such as scanner reports hold secrets: only the position is kept.
 */
export function safeJsonMessage(e: unknown): string {
  const m = /position (\d+)/.exec((e as Error).message);
  return m ? `invalid JSON at position ${m[1]}` : 'invalid JSON';
}

import { UsageError } from '../../errors.js';
import type { UsageWindow } from './types.js';

export const DEFAULT_WINDOW_DAYS = 90;
const DAY = 24 * 3600 * 1000;

/** The later of two ISO times (either may be absent). */
export const later = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a > b ? a : b);

/** `90d`, `12w`, `90` (days) → days. */
export function parseWindow(text: string): number {
  const m = /^(\d+)\s*([dw]?)$/i.exec(text.trim());
  const n = m ? Number(m[1]) * (m[2]?.toLowerCase() === 'w' ? 7 : 1) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new UsageError(`--window expects a number of days such as 90d (or weeks, 12w), got "${text}"`);
  return n;
}

export function windowOf(at: Date, days: number): UsageWindow {
  return { days, from: new Date(at.getTime() - days * DAY).toISOString(), to: at.toISOString() };
}

/** Whether an ISO time falls in the window (a use after the analysis time is in the future of the snapshot: not counted). */
export const inWindow = (w: UsageWindow, time: string | undefined) => time !== undefined && time >= w.from && time <= w.to;

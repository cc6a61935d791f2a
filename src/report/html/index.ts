import type { ChokepointsResult } from '../../query/chokepoints/types.js';
import type { BlastResult, PathsResult } from '../../query/types.js';
import { renderHtmlPage } from './page.js';
import { blastView, chokepointsView, pathsView } from './view.js';

export { DEFAULT_NODE_LIMIT } from './view.js';

export const blastHtml = (r: BlastResult, limit?: number) => renderHtmlPage(blastView([r], `leakpath — blast radius of ${r.credential.name}`, limit));
export const reportHtml = (results: readonly BlastResult[], limit?: number) => renderHtmlPage(blastView(results, 'leakpath report', limit));
export const pathsHtml = (r: PathsResult, limit?: number) => renderHtmlPage(pathsView(r, `leakpath — paths from ${r.from.name}`, limit));
export const chokepointsHtml = (r: ChokepointsResult, limit?: number) => renderHtmlPage(chokepointsView(r, 'leakpath — choke points', limit));

import path from 'node:path';
import { ROOT } from './estates.js';

export { chromiumPath } from '../helpers/chromium.js';

/** Where browser tests leave screenshots (gitignored). */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

// Loaded with `node --import` by test/cli/startup.test.ts: records every module URL the ES module
// loader resolves into the file named by LEAKPATH_IMPORT_LOG, so the test can see what a command
// pulled in at start-up without timing anything.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.LEAKPATH_IMPORT_LOG) appendFileSync(process.env.LEAKPATH_IMPORT_LOG, resolved.url + '\\n');
  return resolved;
}`),
);

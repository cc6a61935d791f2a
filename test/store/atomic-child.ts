/** Starts an atomic write of argv[2] that never finishes (until killed): says "writing" once its temporary file holds data. */
import { writeFileAtomic } from '../../src/store/atomic.js';

await writeFileAtomic(process.argv[2]!, async (handle) => {
  await handle.write('x'.repeat(1 << 20));
  process.stdout.write('writing\n');
  await new Promise(() => {});
});

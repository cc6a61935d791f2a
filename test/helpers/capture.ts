import { Writable } from 'node:stream';

/** A stream that keeps what is written to it, posing as a terminal or not (progress-bar tests). */
export class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/**
 * The value encoding of a snapshot section: JSON's data model in a compact binary form whose
 * decoding costs little more than building the objects.
 *
 * A section is a string table, a shape table, then one value:
 *   strings  varint count, then per string: varint byte length, UTF-8 bytes
 *   shapes   varint count, then per shape: varint key count, key string ids
 *   value    a tag byte, then: uint/neg-int varint | float64 LE | string id | array length + items |
 *            shape id + one value per key
 * Every distinct string is stored once (a snapshot repeats node ids, kinds, techniques and
 * evidence text tens of times each), so the decoder decodes each once and the objects it builds
 * share them. Strings stay plain UTF-8 (no compression): a search of the file's bytes finds any
 * string it holds, which is what the tests that grep a store for seeded secrets rely on.
 *
 * What goes in is what JSON would keep: toJSON is honoured, undefined and functions are dropped
 * from objects and become null in arrays, non-finite numbers become null, `__proto__` stays an
 * own key. Decoding a section built by someone else is bounds-checked throughout.
 */

const Tag = { Null: 0, False: 1, True: 2, Uint: 3, NegInt: 4, Float: 5, Str: 6, Array: 7, Object: 8 } as const;

/** Deeper nesting than any inventory holds; bounded so neither side can overflow the stack. */
export const MAX_DEPTH = 2000;

const CHUNK = 1 << 20;

/** A growing byte sink made of 1 MiB chunks: no single buffer (or string) the size of the section. */
class Chunks {
  readonly done: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private total = 0;

  get length(): number {
    return this.total + this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.done.push(this.buf.subarray(0, this.pos));
    this.total += this.pos;
    this.pos = 0;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  varint(n: number): void {
    this.ensure(8);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  tagged(tag: number, n: number): void {
    this.byte(tag);
    this.varint(n);
  }

  float(x: number): void {
    this.ensure(9);
    this.buf[this.pos++] = Tag.Float;
    this.buf.writeDoubleLE(x, this.pos);
    this.pos += 8;
  }

  utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.varint(n);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  /** The bytes written, as chunks; the sink is not used afterwards. */
  finish(): Buffer[] {
    this.flush();
    return this.done;
  }
}

/** Encodes one value; returns its bytes as chunks (their total is the section length). */
export function encodeValue(value: unknown): Buffer[] {
  const strings = new Map<string, number>();
  const shapeRoot: ShapeNode = { next: new Map(), shape: -1 };
  const shapeKeys: number[][] = [];
  const body = new Chunks();
  const str = (s: string): number => {
    let id = strings.get(s);
    if (id === undefined) strings.set(s, (id = strings.size));
    return id;
  };

  const write = (v: unknown, key: string, depth: number, inArray: boolean): void => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
    switch (typeof v) {
      case 'string':
        return body.tagged(Tag.Str, str(v));
      case 'number':
        if (!Number.isFinite(v)) return body.byte(Tag.Null);
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) return v >= 0 ? body.tagged(Tag.Uint, v) : body.tagged(Tag.NegInt, -v);
        return Object.is(v, -0) ? body.tagged(Tag.Uint, 0) : body.float(v);
      case 'boolean':
        return body.byte(v ? Tag.True : Tag.False);
      case 'object':
        break;
      case 'bigint':
        throw new TypeError('a snapshot holds JSON data: a BigInt cannot be stored');
      default:
        // undefined, functions, symbols: dropped from objects (the caller skips them), null in arrays
        if (inArray) return body.byte(Tag.Null);
        throw new TypeError('unreachable: an object member without a JSON value');
    }
    if (v === null) return body.byte(Tag.Null);
    if (depth >= MAX_DEPTH) throw new RangeError(`a snapshot value nests deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(v)) {
      body.tagged(Tag.Array, v.length);
      for (let i = 0; i < v.length; i++) write(v[i], String(i), depth + 1, true);
      return;
    }
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    // The shape is found by walking a trie of keys: no key list or signature string per object.
    let node = shapeRoot;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!isJsonValue(o[k])) continue;
      let next = node.next.get(k);
      if (next === undefined) node.next.set(k, (next = { next: new Map(), shape: -1 }));
      node = next;
    }
    if (node.shape < 0) {
      node.shape = shapeKeys.length;
      shapeKeys.push(keys.filter((k) => isJsonValue(o[k])).map(str));
    }
    body.tagged(Tag.Object, node.shape);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (isJsonValue(o[k])) write(o[k], k, depth + 1, false);
    }
  };
  write(value, '', 0, true);

  const head = new Chunks();
  head.varint(strings.size);
  for (const s of strings.keys()) head.utf8(s);
  head.varint(shapeKeys.length);
  for (const ids of shapeKeys) {
    head.varint(ids.length);
    for (const id of ids) head.varint(id);
  }
  return [...head.finish(), ...body.finish()];
}

interface ShapeNode {
  next: Map<string, ShapeNode>;
  shape: number;
}

function isJsonValue(v: unknown): boolean {
  const t = typeof v;
  if (t === 'undefined' || t === 'function' || t === 'symbol') return false;
  // An object whose toJSON yields undefined is dropped by JSON.stringify too.
  if (v !== null && t === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return isJsonValue((v as { toJSON(): unknown }).toJSON());
  return true;
}

interface Shape {
  keys: string[];
  /** Has a `__proto__` key, which an object literal would take for the prototype. */
  proto: boolean;
  uses: number;
  make?: (read: () => unknown) => Record<string, unknown>;
}

/** A shape used this often gets a constructor of its own. */
const COMPILE_AFTER = 8;

/**
 * An object literal with the shape's keys, its values read in order: objects built this way share
 * one hidden class from the start, where assigning keys one by one through `o[key]` goes through
 * V8's slow generic path (most of the decoding time at a million edges). The keys are written as
 * JSON string literals, which are valid JavaScript string literals whatever they hold, so no key
 * can inject code; shapes with `__proto__` never come here.
 */
function compileShape(keys: readonly string[]): (read: () => unknown) => Record<string, unknown> {
  return new Function('r', `return {${keys.map((k) => `${JSON.stringify(k)}:r()`).join(',')}};`) as (read: () => unknown) => Record<string, unknown>;
}

/** Why a section did not decode: the caller names the file and the section. */
export class DecodeError extends Error {}

/** Decodes a section built by encodeValue; throws DecodeError on anything malformed. */
export function decodeValue(buf: Buffer): unknown {
  let pos = 0;
  const end = buf.length;
  const fail = (what: string): never => {
    throw new DecodeError(`${what} at byte ${pos} of ${end}`);
  };
  const varint = (): number => {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (pos >= end) fail('unexpected end');
      const b = buf[pos++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) fail('an over-long number');
    }
    return n;
  };

  const stringCount = varint();
  if (stringCount > end) fail(`${stringCount} strings in a section of ${end} bytes`);
  const strings: string[] = new Array<string>(stringCount);
  for (let i = 0; i < stringCount; i++) {
    const n = varint();
    if (n > end - pos) fail(`a string of ${n} bytes past the end`);
    strings[i] = buf.toString('utf8', pos, pos + n);
    pos += n;
  }
  const shapeCount = varint();
  if (shapeCount > end) fail(`${shapeCount} shapes in a section of ${end} bytes`);
  const shapes: Shape[] = new Array<Shape>(shapeCount);
  for (let i = 0; i < shapeCount; i++) {
    const n = varint();
    if (n > end - pos) fail(`a shape of ${n} keys past the end`);
    const keys = new Array<string>(n);
    for (let k = 0; k < n; k++) {
      const id = varint();
      if (id >= stringCount) fail(`key string ${id} of ${stringCount}`);
      keys[k] = strings[id]!;
    }
    shapes[i] = { keys, proto: keys.includes('__proto__'), uses: 0 };
  }

  let depth = 0;
  const value = (): unknown => {
    if (pos >= end) fail('unexpected end');
    const tag = buf[pos++]!;
    switch (tag) {
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Uint:
        return varint();
      case Tag.NegInt: {
        const n = varint();
        return n === 0 ? 0 : -n;
      }
      case Tag.Float: {
        if (end - pos < 8) fail('unexpected end');
        const x = buf.readDoubleLE(pos);
        pos += 8;
        return x;
      }
      case Tag.Str: {
        const id = varint();
        if (id >= stringCount) fail(`string ${id} of ${stringCount}`);
        return strings[id];
      }
      case Tag.Array: {
        const n = varint();
        // Every item takes at least one byte: a length beyond the rest is a damaged section.
        if (n > end - pos) fail(`an array of ${n} items past the end`);
        if (++depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
        const a = new Array<unknown>(n);
        for (let i = 0; i < n; i++) a[i] = value();
        depth--;
        return a;
      }
      case Tag.Object: {
        const id = varint();
        if (id >= shapeCount) fail(`shape ${id} of ${shapeCount}`);
        if (++depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
        const shape = shapes[id]!;
        let o: Record<string, unknown>;
        if (shape.proto) {
          // As JSON.parse does: `__proto__` is an own property, never the prototype.
          o = {};
          for (const k of shape.keys) Object.defineProperty(o, k, { value: value(), enumerable: true, writable: true, configurable: true });
        } else if (shape.make !== undefined || ++shape.uses > COMPILE_AFTER) {
          o = (shape.make ??= compileShape(shape.keys))(value);
        } else {
          o = {};
          for (let i = 0; i < shape.keys.length; i++) o[shape.keys[i]!] = value();
        }
        depth--;
        return o;
      }
      default:
        return fail(`unknown tag ${tag}`);
    }
  };
  const result = value();
  if (pos !== end) fail(`${end - pos} bytes after the value`);
  return result;
}

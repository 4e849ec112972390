// Little-endian byte writing and bounds-checked reading for the compressed model file.
// Reads past the end throw a "truncated" error instead of returning garbage.

export class ByteWriter {
  private buf = new Uint8Array(4096);
  private n = 0;

  private ensure(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.n));
    this.buf = grown;
  }

  get length(): number {
    return this.n;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.n++] = v & 0xff;
  }

  u16(v: number): void {
    if (!(v >= 0 && v < 65536)) throw new RangeError(`${v} does not fit 16 bits`);
    this.u8(v);
    this.u8(v >>> 8);
  }

  u32(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.n, v >>> 0, true);
    this.n += 4;
  }

  f32s(values: Float32Array): void {
    this.ensure(4 * values.length);
    const view = new DataView(this.buf.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(this.n + 4 * i, values[i], true);
    this.n += 4 * values.length;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** The bytes written so far (a view; copy before writing more). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

export class ByteReader {
  private at = 0;
  private readonly data: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.data = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get remaining(): number {
    return this.buf.length - this.at;
  }

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new Error('the compressed model file is truncated');
  }

  u8(): number {
    this.need(1);
    return this.buf[this.at++];
  }

  u16(): number {
    this.need(2);
    const v = this.data.getUint16(this.at, true);
    this.at += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.data.getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  f32s(count: number): Float32Array {
    this.need(4 * count);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.data.getFloat32(this.at + 4 * i, true);
    this.at += 4 * count;
    return out;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  name(): string {
    return new TextDecoder().decode(this.bytes(this.u8()));
  }
}

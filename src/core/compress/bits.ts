// Bit-level writing and reading for the compressed model file: Huffman codes and fixed-width
// fields are packed most-significant bit first into bytes, and read back the same way. A
// read past the end throws, so a truncated stream is refused rather than decoded as zeros.

export class BitWriter {
  private bytes = new Uint8Array(1024);
  private bitLength = 0;

  /** Appends the low `width` bits of `value` (0 ≤ width ≤ 32), most significant first. */
  write(value: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) this.writeBit((value >>> i) & 1);
  }

  writeBit(bit: number): void {
    const byte = this.bitLength >>> 3;
    if (byte >= this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    if (bit) this.bytes[byte] |= 0x80 >>> (this.bitLength & 7);
    this.bitLength++;
  }

  get bits(): number {
    return this.bitLength;
  }

  /** The bits written, padded with zeros to whole bytes. */
  finish(): Uint8Array {
    return this.bytes.slice(0, Math.ceil(this.bitLength / 8));
  }
}

export class BitReader {
  private position = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what = 'bit stream',
  ) {}

  readBit(): number {
    const byte = this.position >>> 3;
    if (byte >= this.bytes.length) throw new Error(`the ${this.what} ends early (truncated or corrupt)`);
    const bit = (this.bytes[byte] >>> (7 - (this.position & 7))) & 1;
    this.position++;
    return bit;
  }

  read(width: number): number {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 2 + this.readBit();
    return v;
  }

  get bitsRead(): number {
    return this.position;
  }
}

/**
 * Test-only: writes a tiny uncompressed Parquet file (one row group, PLAIN data pages, required
 * UTF-8 string or INT64 columns), so the MTEB loader's tests need no Python or writer package.
 * The loader reads it with hyparquet, which also checks that what this writes is valid Parquet.
 */
export type ParquetColumn = { name: string; type: 'string'; values: string[] } | { name: string; type: 'int64'; values: number[] };

class Compact {
  bytes: number[] = [];
  private last: number[] = [0];
  varint(n: bigint | number): void {
    let v = BigInt(n);
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  zigzag(n: number | bigint): void {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  field(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, v: number): void {
    this.field(id, 5);
    this.zigzag(v);
  }
  i64(id: number, v: number): void {
    this.field(id, 6);
    this.zigzag(v);
  }
  str(id: number, s: string): void {
    this.field(id, 8);
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    this.bytes.push(...b);
  }
  begin(id?: number): void {
    if (id !== undefined) this.field(id, 12);
    this.last.push(0);
  }
  end(): void {
    this.bytes.push(0);
    this.last.pop();
  }
  list(id: number, elemType: number, n: number): void {
    this.field(id, 9);
    this.bytes.push(n < 15 ? (n << 4) | elemType : 0xf0 | elemType);
    if (n >= 15) this.varint(n);
  }
}

export function parquetBytes(columns: ParquetColumn[]): Buffer {
  const rows = columns[0].values.length;
  const parts: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const chunks: Array<{ col: ParquetColumn; offset: number; size: number }> = [];
  for (const col of columns) {
    const data = col.type === 'string'
      ? Buffer.concat(col.values.map((v) => {
        const b = Buffer.from(v, 'utf8');
        const len = Buffer.alloc(4);
        len.writeUInt32LE(b.length);
        return Buffer.concat([len, b]);
      }))
      : Buffer.concat(col.values.map((v) => {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(BigInt(v));
        return b;
      }));
    const h = new Compact();
    h.begin();
    h.i32(1, 0); // DATA_PAGE
    h.i32(2, data.length);
    h.i32(3, data.length);
    h.begin(5);
    h.i32(1, rows);
    h.i32(2, 0); // PLAIN
    h.i32(3, 3); // RLE
    h.i32(4, 3);
    h.end();
    h.end();
    const page = Buffer.concat([Buffer.from(h.bytes), data]);
    chunks.push({ col, offset, size: page.length });
    parts.push(page);
    offset += page.length;
  }
  const m = new Compact();
  m.begin();
  m.i32(1, 1);
  m.list(2, 12, columns.length + 1);
  m.begin();
  m.str(4, 'schema');
  m.i32(5, columns.length);
  m.end();
  for (const c of columns) {
    m.begin();
    m.i32(1, c.type === 'string' ? 6 : 2); // BYTE_ARRAY / INT64
    m.i32(3, 0); // REQUIRED
    m.str(4, c.name);
    if (c.type === 'string') m.i32(6, 0); // UTF8
    m.end();
  }
  m.i64(3, rows);
  m.list(4, 12, 1);
  m.begin();
  m.list(1, 12, chunks.length);
  for (const ch of chunks) {
    m.begin();
    m.i64(2, ch.offset);
    m.begin(3);
    m.i32(1, ch.col.type === 'string' ? 6 : 2);
    m.list(2, 5, 1);
    m.zigzag(0);
    m.list(3, 8, 1);
    const name = Buffer.from(ch.col.name, 'utf8');
    m.varint(name.length);
    m.bytes.push(...name);
    m.i32(4, 0); // UNCOMPRESSED
    m.i64(5, rows);
    m.i64(6, ch.size);
    m.i64(7, ch.size);
    m.i64(9, ch.offset);
    m.end();
    m.end();
  }
  m.i64(2, chunks.reduce((a, c) => a + c.size, 0));
  m.i64(3, rows);
  m.end();
  m.end();
  const footer = Buffer.from(m.bytes);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(footer.length);
  parts.push(footer, len, Buffer.from('PAR1'));
  return Buffer.concat(parts);
}

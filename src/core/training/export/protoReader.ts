/**
 * A minimal protobuf wire-format reader: splits a message into its top-level fields, keeping each
 * field's exact bytes so a message can be re-emitted with only some fields changed (ONNX graph
 * rewriting). Unknown fields pass through untouched.
 */
export interface Field {
  field: number;
  wire: number;
  /** The whole field, tag included, as it appears in the input. */
  raw: Uint8Array;
  /** Length-delimited fields: the payload. */
  payload?: Uint8Array;
}

export function readFields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated protobuf varint');
      const b = buf[pos++];
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
  };
  while (pos < buf.length) {
    const start = pos;
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let payload: Uint8Array | undefined;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      payload = buf.subarray(pos, pos + len);
      pos += len;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    if (pos > buf.length) throw new Error('truncated protobuf field');
    out.push({ field, wire, raw: buf.subarray(start, pos), payload });
  }
  return out;
}

/** The UTF-8 string of a length-delimited field. */
export function fieldString(f: Field): string {
  return new TextDecoder().decode(f.payload);
}

/** A length-delimited field: tag, length, payload. */
export function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  const head: number[] = [];
  const put = (v: number) => {
    while (v >= 0x80) {
      head.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    head.push(v);
  };
  put(field * 8 + 2);
  put(payload.length);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

// Test helper: builds MAT-file level 5 bytes by hand, in either byte order, so the reader can be
// tested on layouts our writer never produces (big-endian, small elements, odd storage types).
import { zlibSync } from 'fflate';
import { MI } from '../src/mat/format.js';

export { MI, MX } from '../src/mat/format.js';

type NumType = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'f32' | 'f64' | 'i64' | 'u64';

const SIZES: Record<NumType, number> = {
  i8: 1,
  u8: 1,
  i16: 2,
  u16: 2,
  i32: 4,
  u32: 4,
  f32: 4,
  f64: 8,
  i64: 8,
  u64: 8,
};

/** Concatenation of byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/** Values encoded as `type` in the given byte order. */
export function values(le: boolean, type: NumType, vs: ReadonlyArray<number | bigint>): Uint8Array {
  const size = SIZES[type];
  const out = new Uint8Array(vs.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i]!;
    const at = i * size;
    switch (type) {
      case 'i8':
        view.setInt8(at, Number(v));
        break;
      case 'u8':
        view.setUint8(at, Number(v));
        break;
      case 'i16':
        view.setInt16(at, Number(v), le);
        break;
      case 'u16':
        view.setUint16(at, Number(v), le);
        break;
      case 'i32':
        view.setInt32(at, Number(v), le);
        break;
      case 'u32':
        view.setUint32(at, Number(v), le);
        break;
      case 'f32':
        view.setFloat32(at, Number(v), le);
        break;
      case 'f64':
        view.setFloat64(at, Number(v), le);
        break;
      case 'i64':
        view.setBigInt64(at, BigInt(v), le);
        break;
      case 'u64':
        view.setBigUint64(at, BigInt(v), le);
        break;
    }
  }
  return out;
}

/** An ASCII/Latin-1 string as bytes. */
export function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/**
 * A data element: 8-byte tag, data, zero padding to 8 bytes; with `small`, the 4-byte tag
 * form (data of at most 4 bytes). `size` overrides the byte count written in the tag.
 */
export function element(
  le: boolean,
  type: number,
  data: Uint8Array,
  opts: { small?: boolean; size?: number; pad?: boolean } = {},
): Uint8Array {
  const size = opts.size ?? data.length;
  if (opts.small === true) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setUint32(0, (size << 16) | type, le);
    out.set(data, 4);
    return out;
  }
  const pad = opts.pad === false ? 0 : (8 - (data.length % 8)) % 8;
  const out = new Uint8Array(8 + data.length + pad);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, le);
  view.setUint32(4, size, le);
  out.set(data, 8);
  return out;
}

/** The 128-byte header. */
export function header(
  le: boolean,
  opts: { text?: string; version?: number; subsystem?: number } = {},
): Uint8Array {
  const out = new Uint8Array(128);
  out.fill(0x20, 0, 116);
  out.set(latin1(opts.text ?? 'MATLAB 5.0 MAT-file, Platform: test'), 0);
  const view = new DataView(out.buffer);
  if (opts.subsystem !== undefined) view.setBigUint64(116, BigInt(opts.subsystem), le);
  view.setUint16(124, opts.version ?? 0x0100, le);
  out[126] = le ? 0x49 : 0x4d;
  out[127] = le ? 0x4d : 0x49;
  return out;
}

/** An miMATRIX element: array flags, dims, name, then the given sub-elements. */
export function matrix(
  le: boolean,
  m: {
    mx: number;
    flags?: number;
    dims: readonly number[];
    name?: string;
    smallName?: boolean;
    body?: readonly Uint8Array[];
  },
): Uint8Array {
  const flagsWord = values(le, 'u32', [(m.mx & 0xff) | ((m.flags ?? 0) << 8), 0]);
  const name = latin1(m.name ?? '');
  const nameElement =
    m.smallName === true && name.length > 0 && name.length <= 4
      ? element(le, MI.INT8, name, { small: true })
      : element(le, MI.INT8, name);
  const inner = concat(
    element(le, MI.UINT32, flagsWord),
    element(le, MI.INT32, values(le, 'i32', m.dims)),
    nameElement,
    ...(m.body ?? []),
  );
  return element(le, MI.MATRIX, inner);
}

/** An miCOMPRESSED element holding `inner` (an element) zlib-compressed. */
export function compressed(le: boolean, inner: Uint8Array): Uint8Array {
  return element(le, MI.COMPRESSED, zlibSync(inner), { pad: false });
}

/** A whole file: header then elements. */
export function file(le: boolean, ...elements: Uint8Array[]): Uint8Array {
  return concat(header(le), ...elements);
}

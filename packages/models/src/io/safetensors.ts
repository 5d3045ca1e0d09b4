import type { FloatArray, Matrix } from '@dbn/linalg';
import * as E from 'fp-ts/lib/Either.js';
import type { Dbn, DenseLayer, Dnn, Model, Rbm } from '../types.js';
import { modelArrays, modelSizes } from './arrays.js';

/** A model file that cannot be read: what is wrong, in one line. */
export interface ModelFileError {
  readonly _tag: 'ModelFileError';
  readonly message: string;
}

const fail = (message: string): E.Either<ModelFileError, never> =>
  E.left({ _tag: 'ModelFileError', message });

/** Free-form metadata stored in the header (training config, seed, version, history, …). */
export type ModelMetadata = Record<string, unknown>;

/**
 * Serialises a model as one safetensors file: an 8-byte little-endian header length, a JSON
 * header {name: {dtype, shape, data_offsets}, __metadata__: {format, kind, sizes, dtype, …}}
 * (metadata values JSON-encoded strings), then the little-endian tensor bytes.
 */
export function saveModel(model: Model, metadata: ModelMetadata = {}): Uint8Array {
  const tensors = modelArrays(model);
  const dtype = tensors[0]!.data instanceof Float64Array ? 'F64' : 'F32';
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) meta[k] = JSON.stringify(v);
  meta.format = 'dbn';
  meta.kind = model.kind;
  meta.sizes = JSON.stringify(modelSizes(model));
  const header: Record<string, unknown> = { __metadata__: meta };
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.data.byteLength;
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const hlen = Math.ceil(headerBytes.length / 8) * 8; // tensor data stays 8-byte aligned
  const out = new Uint8Array(8 + hlen + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(hlen), true);
  out.set(headerBytes, 8);
  out.fill(0x20, 8 + headerBytes.length, 8 + hlen);
  let p = 8 + hlen;
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (const t of tensors) {
    const src = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    if (littleEndian) out.set(src, p);
    else {
      const size = t.data.BYTES_PER_ELEMENT;
      for (let i = 0; i < src.length; i += size)
        for (let j = 0; j < size; j++) out[p + i + j] = src[i + size - 1 - j]!;
    }
    p += src.length;
  }
  return out;
}

/** A loaded model with its decoded metadata. */
export interface LoadedModel {
  readonly model: Model;
  readonly metadata: ModelMetadata;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Reads a file written by {@link saveModel}. Every problem (truncation, bad JSON, unknown kind,
 * missing or misshapen tensors, sizes that disagree) is a Left ModelFileError.
 */
export function loadModel(bytes: Uint8Array): E.Either<ModelFileError, LoadedModel> {
  if (bytes.length < 8)
    return fail(`model file too short: ${bytes.length} bytes, expected at least 8`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = view.getBigUint64(0, true);
  if (hlen > BigInt(bytes.length - 8)) {
    return fail(`model file header claims ${hlen} bytes but only ${bytes.length - 8} follow`);
  }
  const h = Number(hlen);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + h)));
  } catch {
    return fail('model file header is not valid UTF-8 JSON (not a safetensors file?)');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    return fail('model file header is not a JSON object');
  }
  const meta = (header.__metadata__ ?? {}) as Record<string, unknown>;
  if (meta.format !== 'dbn') return fail('not a dbn model file: __metadata__.format is not "dbn"');
  const metadata: ModelMetadata = {};
  for (const [k, v] of Object.entries(meta)) {
    if (k === 'format' || k === 'kind' || k === 'sizes') continue;
    try {
      metadata[k] = JSON.parse(String(v));
    } catch {
      metadata[k] = v;
    }
  }
  const body = bytes.subarray(8 + h);
  const tensor = (name: string, shape: number[]): E.Either<ModelFileError, FloatArray> => {
    const e = header[name] as HeaderEntry | undefined;
    if (e === undefined || typeof e !== 'object') return fail(`model file lacks tensor ${name}`);
    if (
      !Array.isArray(e.shape) ||
      e.shape.length !== shape.length ||
      e.shape.some((s, i) => s !== shape[i])
    ) {
      return fail(`tensor ${name} has shape [${e.shape}], expected [${shape}]`);
    }
    const size = e.dtype === 'F32' ? 4 : e.dtype === 'F64' ? 8 : 0;
    if (size === 0) return fail(`tensor ${name} has dtype ${e.dtype}, expected F32 or F64`);
    const [b0, b1] = Array.isArray(e.data_offsets) ? e.data_offsets : [Number.NaN, Number.NaN];
    const count = shape.reduce((x, y) => x * y, 1);
    if (
      !Number.isInteger(b0) ||
      !Number.isInteger(b1) ||
      b0 < 0 ||
      b1 > body.length ||
      b1 - b0 !== count * size
    ) {
      return fail(
        `tensor ${name} has data offsets [${b0}, ${b1}] that do not fit ${count} ${e.dtype} values in ${body.length} bytes`,
      );
    }
    // a DataView over exactly these bytes (bytes may be a view into a larger buffer, e.g. a Buffer)
    const le = new DataView(body.buffer, body.byteOffset + b0, b1 - b0);
    const out = size === 4 ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++)
      out[i] = size === 4 ? le.getFloat32(i * 4, true) : le.getFloat64(i * 8, true);
    return E.right(out);
  };
  let sizes: unknown;
  try {
    sizes = JSON.parse(String(meta.sizes));
  } catch {
    sizes = undefined;
  }
  if (
    !Array.isArray(sizes) ||
    sizes.length < 2 ||
    !sizes.every((s) => Number.isInteger(s) && s > 0)
  ) {
    return fail(`model file has invalid layer sizes ${String(meta.sizes)}`);
  }
  const sz = sizes as number[];
  const mat = (data: FloatArray, rows: number, cols: number): Matrix => ({
    data,
    rows,
    cols,
    rowStride: cols,
    colStride: 1,
    offset: 0,
  });
  const readRbm = (prefix: string, p: number, q: number): E.Either<ModelFileError, Rbm> => {
    const W = tensor(`${prefix}W`, [p, q]);
    if (E.isLeft(W)) return W;
    const a = tensor(`${prefix}a`, [p]);
    if (E.isLeft(a)) return a;
    const b = tensor(`${prefix}b`, [q]);
    if (E.isLeft(b)) return b;
    return E.right({
      kind: 'rbm',
      visible: p,
      hidden: q,
      W: mat(W.right, p, q),
      a: a.right,
      b: b.right,
    });
  };
  switch (meta.kind) {
    case 'rbm': {
      if (sz.length !== 2) return fail(`an RBM file must have 2 sizes, got [${sz}]`);
      const r = readRbm('', sz[0]!, sz[1]!);
      return E.isLeft(r) ? r : E.right({ model: r.right, metadata });
    }
    case 'dbn': {
      const layers: Rbm[] = [];
      for (let l = 0; l + 1 < sz.length; l++) {
        const r = readRbm(`layers.${l}.`, sz[l]!, sz[l + 1]!);
        if (E.isLeft(r)) return r;
        layers.push(r.right);
      }
      const dbn: Dbn = { kind: 'dbn', layers };
      return E.right({ model: dbn, metadata });
    }
    case 'dnn': {
      const layers: DenseLayer[] = [];
      for (let l = 0; l + 1 < sz.length; l++) {
        const W = tensor(`layers.${l}.W`, [sz[l]!, sz[l + 1]!]);
        if (E.isLeft(W)) return W;
        const b = tensor(`layers.${l}.b`, [sz[l + 1]!]);
        if (E.isLeft(b)) return b;
        layers.push({ W: mat(W.right, sz[l]!, sz[l + 1]!), b: b.right });
      }
      const dnn: Dnn = { kind: 'dnn', layers };
      return E.right({ model: dnn, metadata });
    }
    default:
      return fail(`model file has unknown kind ${String(meta.kind)}, expected rbm, dbn or dnn`);
  }
}

import type { FloatArray } from '@dbn/linalg';
import { zipSync } from 'fflate';
import type { Model } from '../types.js';
import type { NamedArray } from './arrays.js';
import { modelArrays } from './arrays.js';

/**
 * One .npy file (format 1.0): magic, a Python-dict header {'descr': '<f4'|'<f8',
 * 'fortran_order': False, 'shape': (…)} padded so the data starts at a multiple of 64, then the
 * little-endian row-major data.
 */
export function encodeNpy(shape: readonly number[], data: FloatArray): Uint8Array {
  const descr = data instanceof Float64Array ? '<f8' : '<f4';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += `${' '.repeat((64 - (total % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const dv = new DataView(out.buffer, 10 + header.length);
  if (data instanceof Float64Array)
    for (let i = 0; i < data.length; i++) dv.setFloat64(i * 8, data[i]!, true);
  else for (let i = 0; i < data.length; i++) dv.setFloat32(i * 4, data[i]!, true);
  return out;
}

/** A .npz archive (a zip of .npy files, as numpy.savez writes) holding the given arrays. */
export function encodeNpz(arrays: readonly NamedArray[]): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const a of arrays) files[`${a.name}.npy`] = [encodeNpy(a.shape, a.data), { level: 0 }];
  return zipSync(files, { mtime: new Date('1980-01-01T00:00:00Z') });
}

/** A model's arrays as a .npz archive that `numpy.load` reads. */
export function exportNpz(model: Model): Uint8Array {
  return encodeNpz(modelArrays(model));
}

import type { FloatArray } from '@dbn/linalg';
import type { Model } from '../types.js';

/** A named array: row-major data with its shape. */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

/**
 * The arrays of a model under stable names: RBM `W` (visible × hidden), `a`, `b`; DBN
 * `layers.<l>.W|a|b`; DNN `layers.<l>.W|b` (l from 0).
 */
export function modelArrays(model: Model): NamedArray[] {
  const flat = (d: FloatArray, n: number) => d.subarray(0, n); // model matrices are contiguous at offset 0
  switch (model.kind) {
    case 'rbm':
      return [
        {
          name: 'W',
          shape: [model.visible, model.hidden],
          data: flat(model.W.data, model.visible * model.hidden),
        },
        { name: 'a', shape: [model.visible], data: model.a },
        { name: 'b', shape: [model.hidden], data: model.b },
      ];
    case 'dbn':
      return model.layers.flatMap((r, l) => [
        {
          name: `layers.${l}.W`,
          shape: [r.visible, r.hidden],
          data: flat(r.W.data, r.visible * r.hidden),
        },
        { name: `layers.${l}.a`, shape: [r.visible], data: r.a },
        { name: `layers.${l}.b`, shape: [r.hidden], data: r.b },
      ]);
    case 'dnn':
      return model.layers.flatMap((d, l) => [
        {
          name: `layers.${l}.W`,
          shape: [d.W.rows, d.W.cols],
          data: flat(d.W.data, d.W.rows * d.W.cols),
        },
        { name: `layers.${l}.b`, shape: [d.b.length], data: d.b },
      ]);
  }
}

/** Layer sizes of any model: [p, q] for an RBM, [p, q1, …] for a DBN, [p, …, classes] for a DNN. */
export function modelSizes(model: Model): number[] {
  switch (model.kind) {
    case 'rbm':
      return [model.visible, model.hidden];
    case 'dbn':
      return [model.layers[0]!.visible, ...model.layers.map((l) => l.hidden)];
    case 'dnn':
      return [model.layers[0]!.W.rows, ...model.layers.map((l) => l.W.cols)];
  }
}

// Saved models fetched once per page: live sampling and the filter images share one load.
import type { FloatArray, Matrix } from '@dbn/linalg';
import { loadModel, type Model } from '@dbn/models';
import { runUrl } from './dom.js';

const cache = new Map<string, Promise<Model>>();

/** The model.safetensors at `path` (relative to the runs directory), fetched and read once. */
export function fetchModel(path: string): Promise<Model> {
  let p = cache.get(path);
  if (p === undefined) {
    p = (async () => {
      const res = await fetch(runUrl(path));
      if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
      const loaded = loadModel(new Uint8Array(await res.arrayBuffer()));
      if (loaded._tag === 'Left') throw new Error(loaded.left.message);
      return loaded.right.model;
    })();
    cache.set(path, p);
    // A failed fetch is not kept: the next view may succeed.
    p.catch(() => cache.delete(path));
  }
  return p;
}

/** The first layer's weights (visible/inputs × units) of an RBM, a DBN or a DNN. */
export function firstLayerWeights(model: Model): Matrix<FloatArray> {
  if (model.kind === 'rbm') return model.W;
  return model.layers[0]!.W;
}

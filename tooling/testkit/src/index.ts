export * from './arbitraries.js';
export * from './data.js';
export * from './finite-diff.js';

// MAT-file level 5 (MATLAB 5 to 7.x) reading and writing.
export * from './char.js';
export * from './describe.js';
export * from './matrix.js';
export * from './read.js';
export * from './types.js';
export * from './variable.js';
export * from './write.js';

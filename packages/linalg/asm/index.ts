// The entry of the WebAssembly module (compiled by scripts/build-wasm.mjs): every kernel file of
// asm/ is re-exported here, one line each, so that kernels live in files of their own.

export * from './bias-sigmoid';
export * from './binary';
export * from './gemm';
export * from './gemm-nt';
export * from './reduce';
export * from './sigmoid-backward';

/**
 * Elements per call of a bulk kernel's inner loop function. Kernels run their hot loop in a small
 * function called once per chunk rather than in one long loop: V8 then optimizes that function
 * from complete type feedback after a few calls, instead of on-stack-replacing the first huge loop
 * from partial feedback (which on Node 20 left stale OSR code that deoptimized on every later call
 * and ran 3–5× slower). Even, so that normal pairs never straddle a chunk boundary.
 */
export const CHUNK = 4096;

/**
 * @dbn/random — the only home of seeded randomness in dbn. Streams are sfc32 generators seeded
 * from a hash of (seed, path); see README.md.
 */
export type { PathPart, Seed } from './seed.js';
export { derive, type Stream, stream } from './stream.js';

import seedrandom from 'seedrandom';

/** 2^-26 and 2^-53: scale factors of the 53-bit uniform double. */
const TWO_26 = 2 ** 26;
const TWO_M53 = 2 ** -53;

/** Warm-up outputs discarded after seeding (as in PractRand's reference seeding of sfc32). */
const WARMUP = 12;

/**
 * Chris Doty-Humphrey's sfc32 ("small fast chaotic", PractRand): 128 bits of state — three mixing
 * words a, b, c and a counter d — and one 32-bit output per step:
 * `t = a + b + d; d += 1; a = b ^ (b >>> 9); b = c + (c << 3); c = rotl(c, 21) + t`.
 * The counter guarantees a period of at least 2^32 from every state (no bad states); the expected
 * period is ≈ 2^127. It passes PractRand and BigCrush and needs only 32-bit integer ops, which
 * JavaScript engines do exactly, so the numbers are the same everywhere. The state lives in an
 * Int32Array `s = [a, b, c, d]` (always int32 to the JIT); bulk kernels copy it into locals,
 * inline the step, and store it back once.
 */
export class Sfc32 {
  readonly s: Int32Array;

  /** A generator in state (a, b, c, d); each is reduced to int32. No warm-up. */
  constructor(a: number, b: number, c: number, d: number) {
    this.s = new Int32Array([a, b, c, d]);
  }

  /**
   * The generator for a hashed key: seedrandom's ARC4 (RC4-drop[256] keyed by `key`) gives the four
   * state words, then {@link WARMUP} outputs are discarded. Same key ⇒ same state, in any engine.
   */
  static fromKey(key: string): Sfc32 {
    const arc4 = seedrandom(key);
    const g = new Sfc32(arc4.int32(), arc4.int32(), arc4.int32(), arc4.int32());
    for (let i = 0; i < WARMUP; i++) g.next();
    return g;
  }

  /** Next output as an unsigned 32-bit integer in [0, 2^32). */
  next(): number {
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    s[3] = (d + 1) | 0;
    return t >>> 0;
  }

  /** Next double in [0, 1) with 53 random bits: ((x₁ >>> 5)·2^26 + (x₂ >>> 6))·2^-53 from two outputs. */
  nextDouble(): number {
    const hi = this.next() >>> 5;
    const lo = this.next() >>> 6;
    return (hi * TWO_26 + lo) * TWO_M53;
  }

  /** An independent copy of this generator in the same state. */
  clone(): Sfc32 {
    const s = this.s;
    return new Sfc32(s[0]!, s[1]!, s[2]!, s[3]!);
  }
}

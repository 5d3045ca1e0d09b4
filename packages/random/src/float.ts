/** Scratch views for reading and writing the bits of doubles and floats (module-level, reused). */
const f64 = new Float64Array(1);
const w64 = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const w32 = new Uint32Array(f32.buffer);

/** Index of the high (sign/exponent) 32-bit word of a double in `w64`: 1 on little-endian. */
export const HI_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO_WORD = 1 - HI_WORD;

/** The largest double strictly less than `x` (x finite or +∞). Unchecked. */
export function prevFloat64(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  f64[0] = x;
  if (x > 0) {
    // Magnitude one ulp down: decrement the 64-bit pattern, borrowing from the high word.
    if (w64[LO_WORD] === 0) w64[HI_WORD] = w64[HI_WORD]! - 1;
    w64[LO_WORD] = w64[LO_WORD]! - 1;
  } else {
    // Negative: one ulp further from zero, carrying into the high word.
    if (w64[LO_WORD] === 0xffffffff) w64[HI_WORD] = w64[HI_WORD]! + 1;
    w64[LO_WORD] = w64[LO_WORD]! + 1;
  }
  return f64[0];
}

/** The float32 value one step below the float32 value `f` (f finite or +∞). Unchecked. */
function float32Down(f: number): number {
  if (f === 0) return -(2 ** -149);
  f32[0] = f;
  w32[0] = f > 0 ? w32[0]! - 1 : w32[0]! + 1;
  return f32[0];
}

/** The float32 value one step above the float32 value `f` (f finite or −∞). Unchecked. */
function float32Up(f: number): number {
  if (f === 0) return 2 ** -149;
  f32[0] = f;
  w32[0] = f > 0 ? w32[0]! + 1 : w32[0]! - 1;
  return f32[0];
}

/** The largest float32 value strictly less than the double `x` (x finite). Unchecked. */
export function float32Below(x: number): number {
  const f = Math.fround(x);
  // fround rounds to nearest, so one step down from a value ≥ x is already below x.
  return f >= x ? float32Down(f) : f;
}

/** The smallest float32 value greater than or equal to the double `x` (x finite). Unchecked. */
export function float32AtLeast(x: number): number {
  const f = Math.fround(x);
  return f < x ? float32Up(f) : f;
}

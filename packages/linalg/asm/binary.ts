// AssemblyScript source of the binary-aware product kernels (compiled with the gemm kernels by
// scripts/build-wasm.mjs into src/wasm/kernels.generated.ts; driven by src/wasm/binary.ts).
//
// A 0/1 matrix is described by index lists: `ptr` (rows + 1 i32) and `idx` (i32), where the ones
// of output row i select the rows idx[ptr[i] .. ptr[i+1]) of B. Then
//   C[i, :] ← α·Σ_{t} B[idx[t], :] + β·C[i, :]
// is a sum of selected rows (a gather) — the product A·B with the row lists of A, or Aᵀ·B with the
// column lists of A. B and C have unit column stride; row strides are in bytes and may be
// negative. Sums are accumulated in float32 (in list order) and α, β are applied in float32
// (α·Σ + β·c: up to three roundings, within the float32 summation bound; cheaper than a float64
// fold in the CD weight update, which is one pass over W). C is not read when β = 0; rows with an
// empty list are left unchanged when β = 1, zeroed when β = 0, scaled by β otherwise.

/**
 * C[c + 16q] ← α·T[q] + β·C[c + 16q] for q < count vectors of 4 floats (T at tmp), in float32;
 * mode 0: β = 0 (C not read), 1: β = 1 (C + α·T), 2: any β. Not inlined (keeps the module small).
 */
function foldRow(c: usize, tmp: usize, count: i32, alpha: f32, beta: f32, mode: i32): void {
  const va = f32x4.splat(alpha);
  const vb = f32x4.splat(beta);
  for (let q = 0; q < count; q++) {
    const off = (<usize>q) << 4;
    const acc = f32x4.mul(va, v128.load(tmp + off));
    if (mode === 0) v128.store(c + off, acc);
    else if (mode === 1) v128.store(c + off, f32x4.add(v128.load(c + off), acc));
    else v128.store(c + off, f32x4.add(acc, f32x4.mul(vb, v128.load(c + off))));
  }
}

/** An empty list: C ← β·C over count vectors at c (0 when β = 0; unchanged when β = 1). */
function scaleRow(c: usize, count: i32, beta: f32, mode: i32): void {
  if (mode === 1) return;
  const vb = f32x4.splat(beta);
  for (let q = 0; q < count; q++) {
    const off = (<usize>q) << 4;
    v128.store(c + off, mode === 0 ? f32x4.splat(0) : f32x4.mul(vb, v128.load(c + off)));
  }
}

/**
 * offs[t] ← idx[t]·ldb for t < nnz (i32, wrapping like the kernels' address arithmetic): the byte
 * offsets of the selected rows, computed once per call so the block loops, which read each list
 * once per column block (21 times for 500 columns), do no multiply per index. Measured in V8
 * (TurboFan keeps ldb on the stack and multiplies from memory): ≈ +20 % gather throughput.
 */
function rowOffsets(idx: usize, nnz: i32, ldb: i32, offs: usize): void {
  for (let t = 0; t < nnz; t++) {
    const q = (<usize>t) << 2;
    store<i32>(offs + q, load<i32>(idx + q) * ldb);
  }
}

/**
 * rowOffsets for the entries the rows' lists span, [ptr[0], ptr[rows]), each at its own index of
 * offs: a call on a range of rows (ptr advanced to its first row, as the threaded driver does)
 * writes only its own entries, so calls on disjoint row ranges may share one offs array.
 */
function listOffsets(ptr: usize, rows: i32, idx: usize, ldb: i32, offs: usize): void {
  const s = load<i32>(ptr);
  const q = (<usize>s) << 2;
  rowOffsets(idx + q, load<i32>(ptr + ((<usize>rows) << 2)) - s, ldb, offs + q);
}

/**
 * out[0 .. 24) ← Σ_{p ∈ [p, pe)} B[p] (24 floats of the row at b + offset p), in list order, the
 * first term loaded rather than added to 0 (so the sum is exactly the rows' float32 sum). Six
 * vector accumulators: V8 has 16 xmm registers, and with eight (32 columns) TurboFan spilled one
 * accumulator to the stack every index (measured: 6 → ≈ +35 % over 8 with a spill).
 */
function sum24(p: usize, pe: usize, b: usize, out: usize): void {
  let r = b + <usize>load<i32>(p);
  let a0 = v128.load(r, 0);
  let a1 = v128.load(r, 16);
  let a2 = v128.load(r, 32);
  let a3 = v128.load(r, 48);
  let a4 = v128.load(r, 64);
  let a5 = v128.load(r, 80);
  for (p += 4; p < pe; p += 4) {
    r = b + <usize>load<i32>(p);
    a0 = f32x4.add(a0, v128.load(r, 0));
    a1 = f32x4.add(a1, v128.load(r, 16));
    a2 = f32x4.add(a2, v128.load(r, 32));
    a3 = f32x4.add(a3, v128.load(r, 48));
    a4 = f32x4.add(a4, v128.load(r, 64));
    a5 = f32x4.add(a5, v128.load(r, 80));
  }
  v128.store(out, a0, 0);
  v128.store(out, a1, 16);
  v128.store(out, a2, 32);
  v128.store(out, a3, 48);
  v128.store(out, a4, 64);
  v128.store(out, a5, 80);
}

/**
 * C[i, :] ← α·Σ_{t ∈ [ptr[i], ptr[i+1])} B[idx[t], :] + β·C[i, :] for i < rows and n columns.
 * B at pb (row stride ldb bytes), C at pc (row stride ldc bytes), both with unit column stride.
 * tmp is 128 bytes of scratch (16-byte aligned, a block buffer) and offs 4·ptr[rows] bytes, where
 * entry t's row offset goes (listOffsets; entries before ptr[0] are not touched).
 */
export function binaryGather(
  rows: i32,
  ptr: usize,
  idx: usize,
  pb: usize,
  ldb: i32,
  n: i32,
  pc: usize,
  ldc: i32,
  alphaF64: f64,
  betaF64: f64,
  tmp: usize,
  offs: usize,
): void {
  const alpha = <f32>alphaF64;
  const beta = <f32>betaF64;
  const mode = betaF64 === 0 ? 0 : betaF64 === 1 ? 1 : 2;
  // α = 1, β = 0: the sums are stored as they are; else they go through T and foldRow
  const direct = alphaF64 === 1 && mode === 0;
  listOffsets(ptr, rows, idx, ldb, offs);
  const n4 = n & ~3;
  let done = 0;
  if (n4 >= 24) {
    // blocks of 24 columns; the block loop is outside the row loop so a 24-column slab of B
    // (784 rows: 75 KB) stays in cache across output rows
    const full = n4 - (n4 % 24);
    for (let j = 0; j < full; j += 24) {
      const bj = pb + ((<usize>j) << 2);
      const cj = pc + ((<usize>j) << 2);
      for (let i = 0; i < rows; i++) {
        const s = load<i32>(ptr + ((<usize>i) << 2));
        const e = load<i32>(ptr + ((<usize>i) << 2), 4);
        const c = cj + <usize>(i * ldc);
        if (s === e) {
          scaleRow(c, 6, beta, mode);
          continue;
        }
        // sum24 written out: inlined, V8 unrolls the loop (measured ≈ 3 % faster than the call)
        const pe = offs + ((<usize>e) << 2);
        let p = offs + ((<usize>s) << 2);
        let r = bj + <usize>load<i32>(p);
        let a0 = v128.load(r, 0);
        let a1 = v128.load(r, 16);
        let a2 = v128.load(r, 32);
        let a3 = v128.load(r, 48);
        let a4 = v128.load(r, 64);
        let a5 = v128.load(r, 80);
        for (p += 4; p < pe; p += 4) {
          r = bj + <usize>load<i32>(p);
          a0 = f32x4.add(a0, v128.load(r, 0));
          a1 = f32x4.add(a1, v128.load(r, 16));
          a2 = f32x4.add(a2, v128.load(r, 32));
          a3 = f32x4.add(a3, v128.load(r, 48));
          a4 = f32x4.add(a4, v128.load(r, 64));
          a5 = f32x4.add(a5, v128.load(r, 80));
        }
        const out = direct ? c : tmp;
        v128.store(out, a0, 0);
        v128.store(out, a1, 16);
        v128.store(out, a2, 32);
        v128.store(out, a3, 48);
        v128.store(out, a4, 64);
        v128.store(out, a5, 80);
        if (!direct) foldRow(c, tmp, 6, alpha, beta, mode);
      }
    }
    // the last n4 − full (4 … 20) columns: one 24-column block ending at n4, overlapping the
    // previous one, of which only the new columns are written (the same sums, so the same bits)
    if (full < n4) {
      const bj = pb + ((<usize>(n4 - 24)) << 2);
      const cj = pc + ((<usize>full) << 2);
      const skip = tmp + ((<usize>(full + 24 - n4)) << 2);
      const count = (n4 - full) >> 2;
      for (let i = 0; i < rows; i++) {
        const s = load<i32>(ptr + ((<usize>i) << 2));
        const e = load<i32>(ptr + ((<usize>i) << 2), 4);
        const c = cj + <usize>(i * ldc);
        if (s === e) {
          scaleRow(c, count, beta, mode);
          continue;
        }
        sum24(offs + ((<usize>s) << 2), offs + ((<usize>e) << 2), bj, tmp);
        foldRow(c, skip, count, alpha, beta, mode);
      }
    }
    done = n4;
  }
  // fewer than 24 columns: whole groups of 4 columns, one vector accumulator
  for (let j = done; j < n4; j += 4) {
    const bj = pb + ((<usize>j) << 2);
    const cj = pc + ((<usize>j) << 2);
    for (let i = 0; i < rows; i++) {
      const s = load<i32>(ptr + ((<usize>i) << 2));
      const e = load<i32>(ptr + ((<usize>i) << 2), 4);
      const c = cj + <usize>(i * ldc);
      if (s === e) {
        scaleRow(c, 1, beta, mode);
        continue;
      }
      const pe = offs + ((<usize>e) << 2);
      let p = offs + ((<usize>s) << 2);
      let a0 = v128.load(bj + <usize>load<i32>(p));
      for (p += 4; p < pe; p += 4) a0 = f32x4.add(a0, v128.load(bj + <usize>load<i32>(p)));
      if (direct) {
        v128.store(c, a0);
      } else {
        v128.store(tmp, a0);
        foldRow(c, tmp, 1, alpha, beta, mode);
      }
    }
  }
  // the last n mod 4 columns, scalar
  for (let j = n4; j < n; j++) {
    const bj = pb + ((<usize>j) << 2);
    const cj = pc + ((<usize>j) << 2);
    for (let i = 0; i < rows; i++) {
      const s = load<i32>(ptr + ((<usize>i) << 2));
      const e = load<i32>(ptr + ((<usize>i) << 2), 4);
      const c = cj + <usize>(i * ldc);
      let acc: f32 = 0;
      if (s === e) {
        if (mode === 0) store<f32>(c, 0);
        else if (mode === 2) store<f32>(c, beta * load<f32>(c));
        continue;
      }
      const pe = offs + ((<usize>e) << 2);
      for (let p = offs + ((<usize>s) << 2); p < pe; p += 4)
        acc += load<f32>(bj + <usize>load<i32>(p));
      if (mode === 0) store<f32>(c, alpha * acc);
      else if (mode === 1) store<f32>(c, load<f32>(c) + alpha * acc);
      else store<f32>(c, alpha * acc + beta * load<f32>(c));
    }
  }
}

/**
 * Byte shuffles that move the i32 lanes whose bit is set in a 4-bit mask to the front, in lane
 * order (entry mask: 16 bytes at COMPRESS + 16·mask; the other lanes are don't-care).
 */
const COMPRESS = memory.data<u8>([
  0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 4,
  5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9,
  10, 11, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, 4,
  5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3,
  12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1,
  2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15,
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11, 12,
  13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6,
  7, 8, 9, 10, 11, 12, 13, 14, 15,
]);

/**
 * Row lists of the rows × cols matrix at src (element (i, j) at src + 4·(i·rs + j·cs)): the
 * column indices of row i's nonzeros go to idx[ptr[i] .. ptr[i+1]) (ptr[0] = 0). Returns the
 * number of nonzeros, or −1 when an element is neither 0 nor 1 (NaN included). Branch-free: every
 * element's column is stored at the cursor, which advances only past a one (idx needs room for
 * rows·cols entries; entries past the last one are scratch). With unit column stride, 4 elements
 * at a time: the four columns, compressed to the ones (COMPRESS), are stored at the cursor as one
 * vector, which advances by the number of ones (measured ≈ 3× faster than one at a time).
 */
export function binaryRows(
  src: usize,
  rs: i32,
  cs: i32,
  rows: i32,
  cols: i32,
  ptr: usize,
  idx: usize,
): i32 {
  const step = (<usize>cs) << 2;
  const cols4 = cs === 1 ? cols & ~3 : 0;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const four = i32x4.splat(4);
  let t: i32 = 0;
  let bad: i32 = 0;
  let badv = i32x4.splat(0);
  store<i32>(ptr, 0);
  for (let i = 0; i < rows; i++) {
    let s = src + ((<usize>(i * rs)) << 2);
    let jv = i32x4(0, 1, 2, 3);
    let j = 0;
    for (; j < cols4; j += 4) {
      const x = v128.load(s);
      const nz = f32x4.ne(x, zero);
      badv = v128.or(badv, v128.and(nz, f32x4.ne(x, one)));
      const mask = i32x4.bitmask(nz);
      const shuffle = v128.load(COMPRESS + ((<usize>mask) << 4));
      v128.store(idx + ((<usize>t) << 2), i8x16.swizzle(jv, shuffle));
      t += <i32>popcnt(mask);
      jv = i32x4.add(jv, four);
      s += 16;
    }
    for (; j < cols; j++) {
      const x = load<f32>(s);
      store<i32>(idx + ((<usize>t) << 2), j);
      const nz = <i32>(x !== 0);
      t += nz;
      bad |= nz & <i32>(x !== 1);
      s += step;
    }
    store<i32>(ptr + ((<usize>(i + 1)) << 2), t);
  }
  return bad !== 0 || v128.any_true(badv) ? -1 : t;
}

/**
 * Column lists from row lists (rows ascending within a column): a counting sort of the nnz
 * column indices at rowIdx into colPtr (cols + 1 i32) and colIdx.
 */
export function binaryColumns(
  rows: i32,
  cols: i32,
  rowPtr: usize,
  rowIdx: usize,
  colPtr: usize,
  colIdx: usize,
): void {
  const nnz = load<i32>(rowPtr + ((<usize>rows) << 2));
  memory.fill(colPtr, 0, (<usize>(cols + 1)) << 2);
  for (let t = 0; t < nnz; t++) {
    const q = colPtr + ((<usize>(load<i32>(rowIdx + ((<usize>t) << 2)) + 1)) << 2);
    store<i32>(q, load<i32>(q) + 1);
  }
  let run = 0;
  for (let p = 0; p <= cols; p++) {
    const q = colPtr + ((<usize>p) << 2);
    run += load<i32>(q);
    store<i32>(q, run);
  }
  // colPtr[p] is now the start of column p; advance it as a cursor, then shift back by one
  for (let i = 0; i < rows; i++) {
    const e = load<i32>(rowPtr + ((<usize>(i + 1)) << 2));
    for (let t = load<i32>(rowPtr + ((<usize>i) << 2)); t < e; t++) {
      const q = colPtr + ((<usize>load<i32>(rowIdx + ((<usize>t) << 2))) << 2);
      const at = load<i32>(q);
      store<i32>(colIdx + ((<usize>at) << 2), i);
      store<i32>(q, at + 1);
    }
  }
  memory.copy(colPtr + 4, colPtr, (<usize>cols) << 2);
  store<i32>(colPtr, 0);
}

/**
 * The row-by-row form for short lists (the CD update, lists ≤ batch size long), optionally with a
 * second list set that is subtracted: C[i, :] ← α·(Σ_{t ∈ list₁(i)} B₁[idx₁[t], :] −
 * Σ_{t ∈ list₂(i)} B₂[idx₂[t], :]) + β·C[i, :], with ptr2 = 0 for no second set. A row whose
 * lists are both empty is skipped when β = 1 (one test per row, not per column block). Sums in
 * float32 (from 0, list 1 then list 2, in order), α and β applied in float32. tmp is 128 bytes of
 * scratch (16-byte aligned, a block buffer); offs1 and offs2 take the two sets' row offsets
 * (4·ptr1[rows] and 4·ptr2[rows] bytes, listOffsets). Blocks of 24 columns, six accumulators (as
 * in binaryGather: eight spill in V8).
 */
export function binaryScatter(
  rows: i32,
  ptr1: usize,
  idx1: usize,
  pb1: usize,
  ldb1: i32,
  ptr2: usize,
  idx2: usize,
  pb2: usize,
  ldb2: i32,
  n: i32,
  pc: usize,
  ldc: i32,
  alphaF64: f64,
  betaF64: f64,
  tmp: usize,
  offs1: usize,
  offs2: usize,
): void {
  const alpha = <f32>alphaF64;
  const beta = <f32>betaF64;
  const mode = betaF64 === 0 ? 0 : betaF64 === 1 ? 1 : 2;
  const va = f32x4.splat(alpha);
  const vw = f32x4.splat(mode === 1 ? 1 : beta);
  const o1 = offs1;
  const o2 = offs2;
  listOffsets(ptr1, rows, idx1, ldb1, o1);
  if (ptr2 !== 0) listOffsets(ptr2, rows, idx2, ldb2, o2);
  const n4 = n & ~3;
  const full = n4 >= 24 ? n4 - (n4 % 24) : 0;
  const tail = n4 >= 24 && full < n4;
  for (let i = 0; i < rows; i++) {
    const s1 = load<i32>(ptr1 + ((<usize>i) << 2));
    const e1 = load<i32>(ptr1 + ((<usize>i) << 2), 4);
    let s2 = 0;
    let e2 = 0;
    if (ptr2 !== 0) {
      s2 = load<i32>(ptr2 + ((<usize>i) << 2));
      e2 = load<i32>(ptr2 + ((<usize>i) << 2), 4);
    }
    const c = pc + <usize>(i * ldc);
    if (s1 === e1 && s2 === e2) {
      if (mode === 1) continue;
      scaleRow(c, n4 >> 2, beta, mode);
      for (let j = n4; j < n; j++) {
        const cj = c + ((<usize>j) << 2);
        store<f32>(cj, mode === 0 ? 0 : beta * load<f32>(cj));
      }
      continue;
    }
    const pe1 = o1 + ((<usize>e1) << 2);
    const pe2 = o2 + ((<usize>e2) << 2);
    for (let j = 0; j < full; j += 24) {
      const o = (<usize>j) << 2;
      const b1 = pb1 + o;
      const b2 = pb2 + o;
      let p1 = o1 + ((<usize>s1) << 2);
      let p2 = o2 + ((<usize>s2) << 2);
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0);
      let a5 = f32x4.splat(0);
      for (; p1 < pe1; p1 += 4) {
        const r = b1 + <usize>load<i32>(p1);
        a0 = f32x4.add(a0, v128.load(r, 0));
        a1 = f32x4.add(a1, v128.load(r, 16));
        a2 = f32x4.add(a2, v128.load(r, 32));
        a3 = f32x4.add(a3, v128.load(r, 48));
        a4 = f32x4.add(a4, v128.load(r, 64));
        a5 = f32x4.add(a5, v128.load(r, 80));
      }
      for (; p2 < pe2; p2 += 4) {
        const r = b2 + <usize>load<i32>(p2);
        a0 = f32x4.sub(a0, v128.load(r, 0));
        a1 = f32x4.sub(a1, v128.load(r, 16));
        a2 = f32x4.sub(a2, v128.load(r, 32));
        a3 = f32x4.sub(a3, v128.load(r, 48));
        a4 = f32x4.sub(a4, v128.load(r, 64));
        a5 = f32x4.sub(a5, v128.load(r, 80));
      }
      const co = c + o;
      a0 = f32x4.mul(va, a0);
      a1 = f32x4.mul(va, a1);
      a2 = f32x4.mul(va, a2);
      a3 = f32x4.mul(va, a3);
      a4 = f32x4.mul(va, a4);
      a5 = f32x4.mul(va, a5);
      if (mode !== 0) {
        a0 = f32x4.add(a0, f32x4.mul(vw, v128.load(co, 0)));
        a1 = f32x4.add(a1, f32x4.mul(vw, v128.load(co, 16)));
        a2 = f32x4.add(a2, f32x4.mul(vw, v128.load(co, 32)));
        a3 = f32x4.add(a3, f32x4.mul(vw, v128.load(co, 48)));
        a4 = f32x4.add(a4, f32x4.mul(vw, v128.load(co, 64)));
        a5 = f32x4.add(a5, f32x4.mul(vw, v128.load(co, 80)));
      }
      v128.store(co, a0, 0);
      v128.store(co, a1, 16);
      v128.store(co, a2, 32);
      v128.store(co, a3, 48);
      v128.store(co, a4, 64);
      v128.store(co, a5, 80);
    }
    // the last n4 − full (4 … 20) columns: a 24-column block ending at n4 (overlapping the
    // previous one) summed into tmp, of which only the new columns are folded into C
    if (tail) {
      const o = (<usize>(n4 - 24)) << 2;
      const b1 = pb1 + o;
      const b2 = pb2 + o;
      let p1 = o1 + ((<usize>s1) << 2);
      let p2 = o2 + ((<usize>s2) << 2);
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0);
      let a5 = f32x4.splat(0);
      for (; p1 < pe1; p1 += 4) {
        const r = b1 + <usize>load<i32>(p1);
        a0 = f32x4.add(a0, v128.load(r, 0));
        a1 = f32x4.add(a1, v128.load(r, 16));
        a2 = f32x4.add(a2, v128.load(r, 32));
        a3 = f32x4.add(a3, v128.load(r, 48));
        a4 = f32x4.add(a4, v128.load(r, 64));
        a5 = f32x4.add(a5, v128.load(r, 80));
      }
      for (; p2 < pe2; p2 += 4) {
        const r = b2 + <usize>load<i32>(p2);
        a0 = f32x4.sub(a0, v128.load(r, 0));
        a1 = f32x4.sub(a1, v128.load(r, 16));
        a2 = f32x4.sub(a2, v128.load(r, 32));
        a3 = f32x4.sub(a3, v128.load(r, 48));
        a4 = f32x4.sub(a4, v128.load(r, 64));
        a5 = f32x4.sub(a5, v128.load(r, 80));
      }
      v128.store(tmp, a0, 0);
      v128.store(tmp, a1, 16);
      v128.store(tmp, a2, 32);
      v128.store(tmp, a3, 48);
      v128.store(tmp, a4, 64);
      v128.store(tmp, a5, 80);
      foldRow(
        c + ((<usize>full) << 2),
        tmp + ((<usize>(full + 24 - n4)) << 2),
        (n4 - full) >> 2,
        alpha,
        beta,
        mode,
      );
    }
    // fewer than 24 columns: groups of 4
    for (let j = full; j < n4 && !tail; j += 4) {
      const o = (<usize>j) << 2;
      const b1 = pb1 + o;
      const b2 = pb2 + o;
      let a0 = f32x4.splat(0);
      for (let p = o1 + ((<usize>s1) << 2); p < pe1; p += 4) {
        a0 = f32x4.add(a0, v128.load(b1 + <usize>load<i32>(p)));
      }
      for (let p = o2 + ((<usize>s2) << 2); p < pe2; p += 4) {
        a0 = f32x4.sub(a0, v128.load(b2 + <usize>load<i32>(p)));
      }
      a0 = f32x4.mul(va, a0);
      if (mode !== 0) a0 = f32x4.add(a0, f32x4.mul(vw, v128.load(c + o)));
      v128.store(c + o, a0);
    }
    for (let j = n4; j < n; j++) {
      const o = (<usize>j) << 2;
      let acc: f32 = 0;
      for (let p = o1 + ((<usize>s1) << 2); p < pe1; p += 4) {
        acc += load<f32>(pb1 + o + <usize>load<i32>(p));
      }
      for (let p = o2 + ((<usize>s2) << 2); p < pe2; p += 4) {
        acc -= load<f32>(pb2 + o + <usize>load<i32>(p));
      }
      const cj = c + o;
      if (mode === 0) store<f32>(cj, alpha * acc);
      else if (mode === 1) store<f32>(cj, load<f32>(cj) + alpha * acc);
      else store<f32>(cj, alpha * acc + beta * load<f32>(cj));
    }
  }
}

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
 * C[i, :] ← α·Σ_{t ∈ [ptr[i], ptr[i+1])} B[idx[t], :] + β·C[i, :] for i < rows and n columns.
 * B at pb (row stride ldb bytes), C at pc (row stride ldc bytes), both with unit column stride;
 * tmp is 128 bytes of scratch (16-byte aligned).
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
): void {
  const alpha = <f32>alphaF64;
  const beta = <f32>betaF64;
  const mode = betaF64 === 0 ? 0 : betaF64 === 1 ? 1 : 2;
  // α = 1, β = 0: the sums are stored as they are; else they go through T and foldRow
  const direct = alphaF64 === 1 && mode === 0;
  const n32 = n & ~31;
  const n4 = n & ~3;
  // blocks of 32 columns, 8 vector accumulators; the block loop is outside the row loop so a
  // 32-column slab of B stays in cache across output rows
  for (let j = 0; j < n32; j += 32) {
    const bj = pb + ((<usize>j) << 2);
    const cj = pc + ((<usize>j) << 2);
    for (let i = 0; i < rows; i++) {
      let s = load<i32>(ptr + ((<usize>i) << 2));
      const e = load<i32>(ptr + ((<usize>i) << 2), 4);
      const c = cj + <usize>(i * ldc);
      if (s === e) {
        scaleRow(c, 8, beta, mode);
        continue;
      }
      let r = bj + <usize>(load<i32>(idx + ((<usize>s) << 2)) * ldb);
      let a0 = v128.load(r);
      let a1 = v128.load(r, 16);
      let a2 = v128.load(r, 32);
      let a3 = v128.load(r, 48);
      let a4 = v128.load(r, 64);
      let a5 = v128.load(r, 80);
      let a6 = v128.load(r, 96);
      let a7 = v128.load(r, 112);
      for (s++; s < e; s++) {
        r = bj + <usize>(load<i32>(idx + ((<usize>s) << 2)) * ldb);
        a0 = f32x4.add(a0, v128.load(r));
        a1 = f32x4.add(a1, v128.load(r, 16));
        a2 = f32x4.add(a2, v128.load(r, 32));
        a3 = f32x4.add(a3, v128.load(r, 48));
        a4 = f32x4.add(a4, v128.load(r, 64));
        a5 = f32x4.add(a5, v128.load(r, 80));
        a6 = f32x4.add(a6, v128.load(r, 96));
        a7 = f32x4.add(a7, v128.load(r, 112));
      }
      const out = direct ? c : tmp;
      v128.store(out, a0);
      v128.store(out, a1, 16);
      v128.store(out, a2, 32);
      v128.store(out, a3, 48);
      v128.store(out, a4, 64);
      v128.store(out, a5, 80);
      v128.store(out, a6, 96);
      v128.store(out, a7, 112);
      if (!direct) foldRow(c, tmp, 8, alpha, beta, mode);
    }
  }
  // the remaining whole groups of 4 columns, one vector accumulator
  for (let j = n32; j < n4; j += 4) {
    const bj = pb + ((<usize>j) << 2);
    const cj = pc + ((<usize>j) << 2);
    for (let i = 0; i < rows; i++) {
      let s = load<i32>(ptr + ((<usize>i) << 2));
      const e = load<i32>(ptr + ((<usize>i) << 2), 4);
      const c = cj + <usize>(i * ldc);
      if (s === e) {
        scaleRow(c, 1, beta, mode);
        continue;
      }
      let a0 = v128.load(bj + <usize>(load<i32>(idx + ((<usize>s) << 2)) * ldb));
      for (s++; s < e; s++) {
        a0 = f32x4.add(a0, v128.load(bj + <usize>(load<i32>(idx + ((<usize>s) << 2)) * ldb)));
      }
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
      let s = load<i32>(ptr + ((<usize>i) << 2));
      const e = load<i32>(ptr + ((<usize>i) << 2), 4);
      const c = cj + <usize>(i * ldc);
      let acc: f32 = 0;
      if (s === e) {
        if (mode === 0) store<f32>(c, 0);
        else if (mode === 2) store<f32>(c, beta * load<f32>(c));
        continue;
      }
      for (; s < e; s++) acc += load<f32>(bj + <usize>(load<i32>(idx + ((<usize>s) << 2)) * ldb));
      if (mode === 0) store<f32>(c, alpha * acc);
      else if (mode === 1) store<f32>(c, load<f32>(c) + alpha * acc);
      else store<f32>(c, alpha * acc + beta * load<f32>(c));
    }
  }
}

/**
 * Row lists of the rows × cols matrix at src (element (i, j) at src + 4·(i·rs + j·cs)): the
 * column indices of row i's nonzeros go to idx[ptr[i] .. ptr[i+1]) (ptr[0] = 0). Returns the
 * number of nonzeros, or −1 when an element is neither 0 nor 1 (NaN included). Branch-free: every
 * element's column is stored at the cursor, which advances only past a one.
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
  let t: i32 = 0;
  let bad: i32 = 0;
  store<i32>(ptr, 0);
  for (let i = 0; i < rows; i++) {
    let s = src + ((<usize>(i * rs)) << 2);
    for (let j = 0; j < cols; j++) {
      const x = load<f32>(s);
      store<i32>(idx + ((<usize>t) << 2), j);
      const one = <i32>(x !== 0);
      t += one;
      bad |= one & <i32>(x !== 1);
      s += step;
    }
    store<i32>(ptr + ((<usize>(i + 1)) << 2), t);
  }
  return bad !== 0 ? -1 : t;
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

/** Σ over the list [s, e) of the selected rows' 4 floats at column offset j (bytes), into acc. */
function addList4(acc: v128, s: i32, e: i32, idx: usize, b: usize, ldb: i32): v128 {
  for (let t = s; t < e; t++) {
    acc = f32x4.add(acc, v128.load(b + <usize>(load<i32>(idx + ((<usize>t) << 2)) * ldb)));
  }
  return acc;
}

/** acc minus Σ over the list [s, e) of the selected rows' 4 floats at b. */
function subList4(acc: v128, s: i32, e: i32, idx: usize, b: usize, ldb: i32): v128 {
  for (let t = s; t < e; t++) {
    acc = f32x4.sub(acc, v128.load(b + <usize>(load<i32>(idx + ((<usize>t) << 2)) * ldb)));
  }
  return acc;
}

/**
 * The row-by-row form for short lists (the CD update, lists ≤ batch size long), optionally with a
 * second list set that is subtracted: C[i, :] ← α·(Σ_{t ∈ list₁(i)} B₁[idx₁[t], :] −
 * Σ_{t ∈ list₂(i)} B₂[idx₂[t], :]) + β·C[i, :], with ptr2 = 0 for no second set. A row whose
 * lists are both empty is skipped when β = 1 (one test per row, not per column block). Sums in
 * float32 (list 1 then list 2, in order), α and β applied in float32.
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
): void {
  const alpha = <f32>alphaF64;
  const beta = <f32>betaF64;
  const mode = betaF64 === 0 ? 0 : betaF64 === 1 ? 1 : 2;
  const va = f32x4.splat(alpha);
  const vb = f32x4.splat(beta);
  const n32 = n & ~31;
  const n4 = n & ~3;
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
    for (let j = 0; j < n32; j += 32) {
      const o = (<usize>j) << 2;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0);
      let a5 = f32x4.splat(0);
      let a6 = f32x4.splat(0);
      let a7 = f32x4.splat(0);
      for (let t = s1; t < e1; t++) {
        const r = pb1 + o + <usize>(load<i32>(idx1 + ((<usize>t) << 2)) * ldb1);
        a0 = f32x4.add(a0, v128.load(r));
        a1 = f32x4.add(a1, v128.load(r, 16));
        a2 = f32x4.add(a2, v128.load(r, 32));
        a3 = f32x4.add(a3, v128.load(r, 48));
        a4 = f32x4.add(a4, v128.load(r, 64));
        a5 = f32x4.add(a5, v128.load(r, 80));
        a6 = f32x4.add(a6, v128.load(r, 96));
        a7 = f32x4.add(a7, v128.load(r, 112));
      }
      for (let t = s2; t < e2; t++) {
        const r = pb2 + o + <usize>(load<i32>(idx2 + ((<usize>t) << 2)) * ldb2);
        a0 = f32x4.sub(a0, v128.load(r));
        a1 = f32x4.sub(a1, v128.load(r, 16));
        a2 = f32x4.sub(a2, v128.load(r, 32));
        a3 = f32x4.sub(a3, v128.load(r, 48));
        a4 = f32x4.sub(a4, v128.load(r, 64));
        a5 = f32x4.sub(a5, v128.load(r, 80));
        a6 = f32x4.sub(a6, v128.load(r, 96));
        a7 = f32x4.sub(a7, v128.load(r, 112));
      }
      const co = c + o;
      a0 = f32x4.mul(va, a0);
      a1 = f32x4.mul(va, a1);
      a2 = f32x4.mul(va, a2);
      a3 = f32x4.mul(va, a3);
      a4 = f32x4.mul(va, a4);
      a5 = f32x4.mul(va, a5);
      a6 = f32x4.mul(va, a6);
      a7 = f32x4.mul(va, a7);
      if (mode !== 0) {
        const w = mode === 1 ? f32x4.splat(1) : vb;
        a0 = f32x4.add(a0, f32x4.mul(w, v128.load(co)));
        a1 = f32x4.add(a1, f32x4.mul(w, v128.load(co, 16)));
        a2 = f32x4.add(a2, f32x4.mul(w, v128.load(co, 32)));
        a3 = f32x4.add(a3, f32x4.mul(w, v128.load(co, 48)));
        a4 = f32x4.add(a4, f32x4.mul(w, v128.load(co, 64)));
        a5 = f32x4.add(a5, f32x4.mul(w, v128.load(co, 80)));
        a6 = f32x4.add(a6, f32x4.mul(w, v128.load(co, 96)));
        a7 = f32x4.add(a7, f32x4.mul(w, v128.load(co, 112)));
      }
      v128.store(co, a0);
      v128.store(co, a1, 16);
      v128.store(co, a2, 32);
      v128.store(co, a3, 48);
      v128.store(co, a4, 64);
      v128.store(co, a5, 80);
      v128.store(co, a6, 96);
      v128.store(co, a7, 112);
    }
    for (let j = n32; j < n4; j += 4) {
      const o = (<usize>j) << 2;
      let a0 = addList4(f32x4.splat(0), s1, e1, idx1, pb1 + o, ldb1);
      a0 = f32x4.mul(va, subList4(a0, s2, e2, idx2, pb2 + o, ldb2));
      if (mode === 1) a0 = f32x4.add(a0, v128.load(c + o));
      else if (mode === 2) a0 = f32x4.add(a0, f32x4.mul(vb, v128.load(c + o)));
      v128.store(c + o, a0);
    }
    for (let j = n4; j < n; j++) {
      const o = (<usize>j) << 2;
      let acc: f32 = 0;
      for (let t = s1; t < e1; t++) {
        acc += load<f32>(pb1 + o + <usize>(load<i32>(idx1 + ((<usize>t) << 2)) * ldb1));
      }
      for (let t = s2; t < e2; t++) {
        acc -= load<f32>(pb2 + o + <usize>(load<i32>(idx2 + ((<usize>t) << 2)) * ldb2));
      }
      const cj = c + o;
      if (mode === 0) store<f32>(cj, alpha * acc);
      else if (mode === 1) store<f32>(cj, load<f32>(cj) + alpha * acc);
      else store<f32>(cj, alpha * acc + beta * load<f32>(cj));
    }
  }
}

import { fromArray, type Matrix } from '@dbn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qualityMetrics } from '../src/quality/quality-metrics.js';

const INFO = { dataset: 'alphadigits', classes: 6, heldOutAccuracy: 0.9, id: 'test' } as const;

/** Rows of probabilities (each row sums to 1) over `classes` classes, as a float32 matrix. */
function probs(rows: readonly (readonly number[])[]): Matrix<Float32Array> {
  const cols = rows[0]!.length;
  return fromArray(rows.length, cols, Float32Array.from(rows.flat()));
}

/** Random probability rows: positive weights normalised, sometimes one dominant class. */
const rowsArb = (classes: number) =>
  fc.array(
    fc
      .tuple(
        fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), {
          minLength: classes,
          maxLength: classes,
        }),
        fc.nat({ max: classes - 1 }),
        fc.double({ min: 0, max: 200, noNaN: true }),
      )
      .map(([w, top, boost]) => {
        const v = w.map((x, j) => (j === top ? x + boost : x));
        const s = v.reduce((a, b) => a + b, 0);
        return v.map((x) => x / s);
      }),
    { minLength: 1, maxLength: 40 },
  );

const trainedArb = (classes: number) =>
  fc.uniqueArray(fc.nat({ max: classes - 1 }), { minLength: 1, maxLength: classes });

const tauArb = fc.double({ min: 0.01, max: 1, noNaN: true });

describe('qualityMetrics', () => {
  it('counts recognised samples, coverage, per-class counts and entropy', () => {
    const P = probs([
      [0.95, 0.01, 0.01, 0.01, 0.01, 0.01], // class 0, recognised
      [0.01, 0.95, 0.01, 0.01, 0.01, 0.01], // class 1, not trained
      [0.016, 0.016, 0.92, 0.016, 0.016, 0.016], // class 2, recognised
      [0.5, 0.1, 0.1, 0.1, 0.1, 0.1], // class 0, below τ
      [0.96, 0.008, 0.008, 0.008, 0.008, 0.008], // class 0, recognised
    ]);
    const q = qualityMetrics(P, [2, 0, 5], 0.9, INFO);
    expect(q.samples).toBe(5);
    expect(q.recognised).toBeCloseTo(3 / 5, 12);
    expect(q.perClass).toEqual([1, 2, 0]);
    expect(q.coverage).toBe(2);
    expect(q.classes).toBe(3);
    const pi = [1 / 3, 2 / 3];
    expect(q.coverageEntropy).toBeCloseTo(-pi.reduce((a, p) => a + p * Math.log(p), 0), 12);
    expect(q.tau).toBe(0.9);
    expect(q.classifier).toEqual(INFO);
  });

  it('gives zero coverage and entropy when nothing is recognised', () => {
    const q = qualityMetrics(probs([[0.4, 0.3, 0.3, 0, 0, 0]]), [0, 1], 0.9, INFO);
    expect(q).toMatchObject({ recognised: 0, coverage: 0, coverageEntropy: 0, perClass: [0, 0] });
  });

  it('stays within its bounds', () => {
    fc.assert(
      fc.property(rowsArb(6), trainedArb(6), tauArb, (rows, trained, tau) => {
        const q = qualityMetrics(probs(rows), trained, tau, INFO);
        expect(q.recognised).toBeGreaterThanOrEqual(0);
        expect(q.recognised).toBeLessThanOrEqual(1);
        expect(q.coverage).toBeLessThanOrEqual(trained.length);
        expect(q.coverage).toBe(q.perClass.filter((n) => n > 0).length);
        expect(q.perClass.reduce((a, b) => a + b, 0)).toBe(Math.round(q.recognised * rows.length));
        expect(q.coverageEntropy).toBeGreaterThanOrEqual(0);
        expect(q.coverageEntropy).toBeLessThanOrEqual(Math.log(trained.length) + 1e-12);
      }),
    );
  });

  it('never counts a sample whose top probability is below τ', () => {
    fc.assert(
      fc.property(rowsArb(6), trainedArb(6), tauArb, fc.nat(), (rows, trained, tau, pick) => {
        fc.pre(tau > 0.17);
        const r = pick % rows.length;
        const before = qualityMetrics(probs(rows), trained, tau, INFO);
        // Flatten row r to a uniform distribution: its top probability 1/6 is then below τ.
        const flat = rows.map((row, i) => (i === r ? row.map(() => 1 / 6) : row));
        const after = qualityMetrics(probs(flat), trained, tau, INFO);
        const top = Math.max(...rows[r]!.map(Math.fround));
        const wasCounted = trained.includes(rows[r]!.map(Math.fround).indexOf(top)) && top >= tau;
        expect(after.recognised * rows.length).toBe(
          before.recognised * rows.length - (wasCounted ? 1 : 0),
        );
        // A matrix with every row below τ recognises nothing.
        const none = qualityMetrics(
          probs(rows.map((row) => row.map(() => 1 / 6))),
          trained,
          tau,
          INFO,
        );
        expect(none.recognised).toBe(0);
      }),
    );
  });

  it('does not depend on the order of the samples', () => {
    fc.assert(
      fc.property(
        rowsArb(6).chain((rows) =>
          fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
        ),
        trainedArb(6),
        tauArb,
        ([rows, shuffled], trained, tau) => {
          expect(qualityMetrics(probs(shuffled), trained, tau, INFO)).toEqual(
            qualityMetrics(probs(rows), trained, tau, INFO),
          );
        },
      ),
    );
  });

  it('reads strided views (a transposed matrix) like dense ones', () => {
    const dense = probs([
      [0.95, 0.05],
      [0.2, 0.8],
    ]);
    const t: Matrix<Float32Array> = {
      data: Float32Array.from([0.95, 0.2, 0.05, 0.8]),
      rows: 2,
      cols: 2,
      rowStride: 1,
      colStride: 2,
      offset: 0,
    };
    expect(qualityMetrics(t, [0, 1], 0.75, INFO)).toEqual(
      qualityMetrics(dense, [0, 1], 0.75, INFO),
    );
  });

  it.each([
    [0, /tau/],
    [1.5, /tau/],
    [Number.NaN, /tau/],
  ])('rejects τ = %s naming it', (tau, re) => {
    expect(() => qualityMetrics(probs([[1, 0]]), [0], tau, INFO)).toThrow(re);
  });

  it('rejects bad class indices naming trained[i]', () => {
    expect(() => qualityMetrics(probs([[1, 0]]), [2], 0.9, INFO)).toThrow(/trained\[0\]/);
    expect(() => qualityMetrics(probs([[1, 0]]), [0, 0], 0.9, INFO)).toThrow(/trained\[1\]/);
    expect(() => qualityMetrics(probs([[1, 0]]), [], 0.9, INFO)).toThrow(/trained/);
  });
});

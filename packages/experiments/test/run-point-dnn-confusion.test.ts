// runPoint on a DNN point writes the test-set confusion matrix, the first misclassified test
// images (metrics.misclassified) and misclassified.png holding those images in the same order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePng } from '@dbn/datasets';
import { type Dnn, evaluate, loadModel } from '@dbn/models';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { FILES, type PointConfig, pointHash, runPoint, testSet } from '../src/index.js';
import { hasMnist, tempDir, tinyMnist } from './helpers.js';

describe.skipIf(!hasMnist)('runPoint: DNN confusion matrix and misclassified images', () => {
  it('counts every test image once and draws the misclassified ones in order', async () => {
    const c: PointConfig = { ...tinyMnist.base, pretrain: false, testSize: 300 };
    const dir = tempDir();
    const r = await runPoint({
      experiment: 'unit',
      pointId: 'dnn',
      label: 'dnn',
      rep: 0,
      seed: 3,
      hash: pointHash(c, 3, 0),
      config: c,
      dir,
    });
    const m = r.metrics;
    expect(m.error).toBeUndefined();
    const C = m.confusion!;
    expect(C).toHaveLength(10);
    for (const row of C) expect(row).toHaveLength(10);
    const total = C.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(c.testSize);
    const correct = C.reduce((s, row, y) => s + row[y]!, 0);
    expect(m.testErrorRate).toBe(1 - correct / c.testSize);

    // The same predictions as evaluating the saved model on the same test images.
    const loaded = loadModel(new Uint8Array(readFileSync(join(dir, FILES.model))));
    const test = await testSet(c);
    if (E.isLeft(loaded) || E.isLeft(test)) throw new Error('cannot reload');
    const { X, labels, height, width } = test.right;
    const ev = evaluate(loaded.right.model as Dnn, X, labels);
    for (let y = 0; y < 10; y++)
      for (let p = 0; p < 10; p++) {
        let n = 0;
        for (let i = 0; i < labels.length; i++) if (labels[i] === y && ev.predictions[i] === p) n++;
        expect(C[y]![p], `C[${y}][${p}]`).toBe(n);
      }

    const wrong = m.misclassified!;
    expect(c.testSize - correct).toBeGreaterThan(0);
    expect(wrong).toHaveLength(Math.min(100, c.testSize - correct));
    let previous = -1;
    for (const w of wrong) {
      expect(w.label).not.toBe(w.predicted);
      expect(w.label).toBe(labels[w.index]);
      expect(w.predicted).toBe(ev.predictions[w.index]);
      expect(w.index).toBeGreaterThan(previous);
      previous = w.index;
    }
    // The first misclassified images: none is skipped before the last one listed.
    for (let i = 0; i < previous; i++)
      if (labels[i] !== ev.predictions[i]) expect(wrong.some((w) => w.index === i)).toBe(true);

    expect(r.artifacts).toEqual({ model: FILES.model, misclassified: FILES.misclassified });
    const png = decodePng(readFileSync(join(dir, FILES.misclassified)));
    if (E.isLeft(png)) throw new Error(png.left.message);
    const cols = Math.min(10, wrong.length);
    const rows = Math.ceil(wrong.length / 10);
    expect(png.right.width).toBe(1 + cols * (width + 1));
    expect(png.right.height).toBe(1 + rows * (height + 1));
    // Tile k is test image wrong[k].index as the network saw it (binarised: 1 → 255).
    wrong.forEach((w, k) => {
      const x0 = 1 + (k % 10) * (width + 1);
      const y0 = 1 + Math.floor(k / 10) * (height + 1);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const v = X.data[X.offset + w.index * X.rowStride + y * width + x]!;
          const got = png.right.data[(y0 + y) * png.right.width + x0 + x];
          if (got !== Math.round(255 * v))
            expect(got, `tile ${k} pixel (${y}, ${x})`).toBe(Math.round(255 * v));
        }
    });
  });
});

// A confusion matrix's cells with their shading: the share of the true class's test images.

/** One cell of a confusion matrix. */
export interface ConfusionCell {
  readonly count: number;
  /** count / (images of the true class); 0 for a class with no test image. */
  readonly share: number;
}

/**
 * Checks a confusion matrix (rows = true label, columns = predicted label, non-negative integer
 * counts, square) and returns its cells with row shares C[y][p] / Σ_p C[y][p].
 */
export function confusionCells(matrix: unknown): ConfusionCell[][] {
  if (!Array.isArray(matrix) || matrix.length === 0)
    throw new TypeError(
      `confusionCells: matrix must be a non-empty array of rows, got ${String(matrix)}`,
    );
  const k = matrix.length;
  return matrix.map((row: unknown, y) => {
    if (!Array.isArray(row) || row.length !== k)
      throw new RangeError(
        `confusionCells: matrix[${y}] must be an array of ${k} counts, got ${String(row)}`,
      );
    row.forEach((c: unknown, p) => {
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0)
        throw new RangeError(
          `confusionCells: matrix[${y}][${p}] must be a count, got ${String(c)}`,
        );
    });
    const counts = row as number[];
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((count) => ({ count, share: total === 0 ? 0 : count / total }));
  });
}

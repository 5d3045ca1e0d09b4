/** Thrown when training produces non-finite weights or a non-finite error (e.g. lr = 1). */
export class DivergedError extends Error {
  override readonly name = 'DivergedError';
  readonly _tag = 'Diverged' as const;
  constructor(
    readonly epoch: number,
    readonly what: string,
    readonly layer?: number,
  ) {
    super(
      `training diverged at epoch ${epoch}${layer === undefined ? '' : ` of layer ${layer}`}: ${what} ` +
        'is not finite (try a smaller learning rate)',
    );
  }
}

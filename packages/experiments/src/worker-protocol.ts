// Messages between the runner and its worker threads.
import type { DataOptions } from './data.js';
import type { PointResult } from './result.js';
import type { EpochProgress, PointJob } from './run-point.js';

/** `workerData` of a runner worker: a shared flag, set to 1 to stop between epochs. */
export interface WorkerInit {
  readonly stop: SharedArrayBuffer;
}

/** Runner → worker: run one point. */
export type ToWorker = {
  readonly type: 'run';
  readonly job: PointJob;
  readonly options: DataOptions & { readonly checkpointSeconds?: number };
};

/**
 * Worker → runner: started; an epoch ended; a point's result (failures included); the point
 * stopped on request (checkpoint kept); or runPoint rejected otherwise (e.g. result.json could
 * not be written).
 */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'epoch'; readonly progress: EpochProgress }
  | { readonly type: 'done'; readonly result: PointResult }
  | { readonly type: 'stopped' }
  | { readonly type: 'fatal'; readonly message: string };

// Checkpoints of a running point: the parameters after the last completed epoch and the state
// needed to resume exactly (phase, layer, epoch, history so far), in one safetensors file
// written atomically, so a restart after Ctrl-C or kill -9 continues bit for bit.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, type Model, saveModel } from '@dbn/models';
import * as E from 'fp-ts/lib/Either.js';
import { type IoError, writeFileAtomicSync } from './atomic.js';
import { type DnnEpochRecord, FILES, type RbmEpochRecord } from './result.js';

/** Which training a checkpoint interrupted: RBM/DBN training, DNN pretraining or backprop. */
export type Phase = 'train' | 'pretrain' | 'backprop';

/** Everything besides the parameters that a resumed point needs. */
export interface CheckpointState {
  /** The point's hash: a checkpoint of another configuration is ignored. */
  readonly hash: string;
  readonly phase: Phase;
  /** The 1-based layer being trained (1 for an RBM and for backprop). */
  readonly layer: number;
  /** Epochs completed in that layer or phase. */
  readonly epoch: number;
  /** Unsupervised epochs so far (RBM, DBN or pretraining). */
  readonly unsupervised: readonly RbmEpochRecord[];
  /** Backprop epochs so far. */
  readonly backprop: readonly DnnEpochRecord[];
  readonly startedAt: string;
  /** Wall seconds spent on the point before this checkpoint. */
  readonly seconds: number;
}

/** A checkpoint read back: the model (RBM, DBN of the layers so far, or DNN) and the state. */
export interface Checkpoint {
  readonly model: Model;
  readonly state: CheckpointState;
}

/** The path of a rep directory's checkpoint. */
export function checkpointPath(dir: string): string {
  return join(dir, FILES.checkpoint);
}

/** Writes `model` and `state` to `<dir>/checkpoint.safetensors` atomically (synchronously). */
export function writeCheckpoint(
  dir: string,
  model: Model,
  state: CheckpointState,
): E.Either<IoError, string> {
  return writeFileAtomicSync(checkpointPath(dir), saveModel(model, { checkpoint: state }));
}

function isState(x: unknown): x is CheckpointState {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return (
    typeof s.hash === 'string' &&
    (s.phase === 'train' || s.phase === 'pretrain' || s.phase === 'backprop') &&
    Number.isInteger(s.layer) &&
    Number.isInteger(s.epoch) &&
    Array.isArray(s.unsupervised) &&
    Array.isArray(s.backprop) &&
    typeof s.startedAt === 'string' &&
    typeof s.seconds === 'number'
  );
}

/**
 * The checkpoint in `dir` for the point with `hash`, or undefined when there is none. A
 * checkpoint that cannot be read, or that belongs to another configuration, is deleted and
 * undefined returned: the point then starts afresh (it never resumes from the wrong state).
 */
export function readCheckpoint(dir: string, hash: string): Checkpoint | undefined {
  const path = checkpointPath(dir);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const loaded = loadModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const state = E.isRight(loaded) ? loaded.right.metadata.checkpoint : undefined;
  if (E.isLeft(loaded) || !isState(state) || state.hash !== hash) {
    rmSync(path, { force: true });
    return undefined;
  }
  return { model: loaded.right.model, state };
}

/** Removes the checkpoint of `dir`, if any. */
export function removeCheckpoint(dir: string): void {
  rmSync(checkpointPath(dir), { force: true });
}

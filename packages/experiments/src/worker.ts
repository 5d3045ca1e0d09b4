// The worker-thread side of the runner: runs the points it is sent, one at a time, and reports
// epochs and results. Not exported from the package index (it starts listening on import).
import { parentPort, workerData } from 'node:worker_threads';
import { setThreads } from '@dbn/linalg';
import { PointStopped, runPoint } from './run-point.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
// The runner already puts one worker on each core: products stay on this thread whatever
// DBN_THREADS says (it is for single runs), so a sweep never oversubscribes the cores.
setThreads(1);
const { stop } = workerData as WorkerInit;
const flag = new Int32Array(stop);
const post = (m: FromWorker): void => port.postMessage(m);

port.on('message', (msg: ToWorker) => {
  if (msg.type !== 'run') return;
  runPoint(msg.job, {
    ...msg.options,
    shouldStop: () => Atomics.load(flag, 0) !== 0,
    onEpoch: (progress) => post({ type: 'epoch', progress }),
  }).then(
    (result) => post({ type: 'done', result }),
    (e: unknown) => {
      if (e instanceof PointStopped) post({ type: 'stopped' });
      else
        post({
          type: 'fatal',
          message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        });
    },
  );
});
post({ type: 'ready' });

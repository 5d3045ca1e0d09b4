// Progress of long tasks on stderr: cli-progress bars with ETA on a terminal, plain lines
// otherwise (CI logs, pipes, tests).
import cliProgress from 'cli-progress';
import type { Writer } from './context.js';

/** One task with a known number of steps (epochs, points). */
export interface Task {
  /** `done` steps are finished; `info` is a short status (e.g. the current error). */
  update(done: number, info?: string): void;
  /** Changes the number of steps (e.g. the next phase of a point has other epochs). */
  setTotal(total: number): void;
  /** Marks the task finished (the bar stays on screen). */
  finish(info?: string): void;
  /** Takes the bar off the screen (a point that is done while others go on). */
  remove(): void;
}

/** A set of tasks drawn together. */
export interface Progress {
  /** True when drawing bars (a terminal); false when writing plain lines. */
  readonly live: boolean;
  /** A task of `total` steps; `unit` names one step ("epoch", "point"). */
  task(label: string, total: number, unit: string): Task;
  /** Writes a line above the bars (or just a line, without bars). */
  log(line: string): void;
  /** Stops drawing (idempotent); call it before printing anything else. */
  stop(): void;
}

function plain(stream: Writer): Progress {
  return {
    live: false,
    task(label, total, unit) {
      let last = -1;
      let steps = total;
      return {
        update(done, info) {
          if (done === last) return;
          last = done;
          stream.write(`${label}: ${unit} ${done}/${steps}${info ? `  ${info}` : ''}\n`);
        },
        setTotal(n) {
          steps = n;
          last = -1;
        },
        finish(info) {
          if (info) stream.write(`${label}: done  ${info}\n`);
        },
        remove() {},
      };
    },
    log(line) {
      stream.write(`${line}\n`);
    },
    stop() {},
  };
}

function bars(stream: Writer): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format: '{label} |{bar}| {value}/{total} {unit}s | {info} | ETA {eta_formatted}',
      barsize: 24,
      hideCursor: true,
      gracefulExit: false,
      clearOnComplete: false,
      etaBuffer: 5,
      // cli-progress pads 'INF'/'NULL' (no estimate yet) to two characters; show '--' instead.
      formatTime: (t, options, round) =>
        typeof t === 'number' && Number.isFinite(t)
          ? cliProgress.Format.TimeFormat(t, options, round)
          : '--',
      etaAsynchronousUpdate: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let stopped = false;
  return {
    live: true,
    task(label, total, unit) {
      const bar = multi.create(total, 0, { label, unit, info: '' });
      let steps = total;
      return {
        update(done, info) {
          bar.update(done, { info: info ?? '' });
        },
        setTotal(n) {
          steps = n;
          bar.setTotal(n);
          bar.update(0);
        },
        finish(info) {
          bar.update(steps, { info: info ?? '' });
          bar.stop();
        },
        remove() {
          multi.remove(bar);
        },
      };
    },
    log(line) {
      multi.log(`${line}\n`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}

/** Bars when `stream` is a terminal, plain lines otherwise. */
export function progressOn(stream: Writer): Progress {
  return stream.isTTY === true ? bars(stream) : plain(stream);
}

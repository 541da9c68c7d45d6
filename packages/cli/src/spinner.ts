// A spinner on stderr while the CLI waits for the gateway: only on a terminal, never in a pipe.

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Erase the spinner's line and put the cursor back at its start. */
const CLEAR = '\r\x1b[K';

export interface Spinner {
  /** Show `label` with a turning frame; the first frame is drawn at once. */
  start(label: string): void;
  /** Erase the spinner; safe to call when it is not running. */
  stop(): void;
}

export interface SpinnerTarget {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export function createSpinner(stream: SpinnerTarget, enabled = stream.isTTY === true): Spinner {
  let timer: NodeJS.Timeout | null = null;
  if (!enabled) return { start() {}, stop() {} };
  let frame = 0;
  let label = '';
  const draw = () => {
    stream.write(`${CLEAR}${FRAMES[frame % FRAMES.length]} ${label}`);
    frame += 1;
  };
  return {
    start(next) {
      label = next;
      if (timer === null) {
        timer = setInterval(draw, 100);
        // Never keeps the process alive on its own.
        timer.unref();
      }
      draw();
    },
    stop() {
      if (timer === null) return;
      clearInterval(timer);
      timer = null;
      stream.write(CLEAR);
    },
  };
}

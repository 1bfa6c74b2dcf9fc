/**
 * A one-line progress bar on stderr when it is a terminal; silent otherwise (CI logs,
 * pipes), so scripts see only the final report.
 */
export interface Progress {
  update(done: number, detail?: string): void;
  finish(): void;
}

export function progressBar(label: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  const started = Date.now();
  let last = 0;
  let shown = false;
  const render = (done: number, detail = '') => {
    const width = 30;
    const fraction = total ? Math.min(1, done / total) : 0;
    const bar = total ? `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] ${(fraction * 100).toFixed(0).padStart(3)}%` : '';
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`\r${label} ${bar} ${detail} ${seconds}s\x1b[K`);
    shown = true;
  };
  return {
    update(done, detail) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      render(done, detail);
    },
    finish() {
      if (shown) stream.write('\n');
    },
  };
}

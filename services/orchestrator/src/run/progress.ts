// Progress on stderr: a redrawn bar on a terminal, a line every few seconds otherwise (CI logs).
export class Progress {
  private last = 0;
  private readonly start = performance.now();
  constructor(
    public total: number,
    private readonly write: (s: string) => void,
    private readonly tty: boolean,
  ) {}

  update(done: number, solved: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < (this.tty ? 100 : 5000)) return;
    this.last = now;
    const secs = (now - this.start) / 1000;
    const eta = done > 0 ? (secs / done) * (this.total - done) : 0;
    const width = 30;
    const fill = Math.round((done / Math.max(this.total, 1)) * width);
    const text = `[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${done}/${this.total} tasks, ${solved} solved, ${secs.toFixed(0)}s elapsed, ~${eta.toFixed(0)}s left`;
    this.write(this.tty ? `\r${text}` : `${text}\n`);
  }

  finish(done: number, solved: number): void {
    this.update(done, solved, true);
    if (this.tty) this.write('\n');
  }
}

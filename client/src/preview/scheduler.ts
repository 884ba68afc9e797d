// Debounced, superseding runs (no vscode): every change calls schedule(); the run starts after
// the quiet delay; a change during a run marks that run superseded, so it must not publish, and
// schedules the next one. Runs never overlap.
export type Run = (superseded: () => boolean) => Promise<void>;

export class RunScheduler {
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly run: Run) {}

  schedule(delayMs: number): void {
    if (this.disposed) return;
    const gen = ++this.generation;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.start(gen); }, delayMs);
  }

  private async start(gen: number): Promise<void> {
    // Wait for a run in flight to finish (its result is dropped if superseded).
    while (this.running) await this.running.catch(() => undefined);
    if (gen !== this.generation || this.disposed) return;
    const superseded = () => gen !== this.generation || this.disposed;
    this.running = this.run(superseded).finally(() => { this.running = undefined; });
    await this.running.catch(() => undefined);
  }

  /** A run is pending (a change waits for its quiet delay) or in flight. */
  busy(): boolean { return this.timer !== undefined || this.running !== undefined; }

  /** Resolves when no run is pending or in flight (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running.catch(() => undefined);
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * A job that many callers wait on together (group commit): `request()` resolves after a run of
 * the job that began after the call, and one run serves every request made before it began.
 * While a run is under way, requests made meanwhile share the one queued behind it.
 */
export class SharedRun {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly job: () => Promise<void>) {}

  request(): Promise<void> {
    if (!this.running) {
      this.running = this.job().finally(() => (this.running = undefined));
      return this.running;
    }
    // The run under way may have begun before the caller's change: wait for the next one.
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.request();
      });
    return this.queued;
  }

  /** Resolves when no run is under way or queued (before closing what the job uses). */
  async idle(): Promise<void> {
    while (this.running || this.queued) {
      await (this.queued ?? this.running)!.catch(() => undefined);
    }
  }
}

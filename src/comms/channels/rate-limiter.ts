/**
 * A token bucket per channel in this process: providers cap throughput (an SMS long code
 * takes about one message a second), so sending faster only earns refusals. A rate of 0
 * means no limit. With N worker processes each has its own bucket: set the rate per process.
 */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly perSecond: number) {
    this.tokens = Math.max(1, perSecond);
  }

  get unlimited(): boolean {
    return this.perSecond <= 0;
  }

  /** Messages this limiter lets through in `seconds`; used to size a claim. */
  capacity(seconds: number): number {
    return this.unlimited ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(this.perSecond * seconds));
  }

  async take(): Promise<void> {
    if (this.unlimited) return;
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(Math.max(1, this.perSecond), this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}

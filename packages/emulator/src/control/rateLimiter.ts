/** A sliding one-second window per action, on the emulator's clock. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private perSecond: number) {}

  /** Changes the limit (the control API's options); windows so far are kept. */
  setLimit(perSecond: number): void {
    this.perSecond = perSecond;
  }

  /** Records a call; returns null when allowed, else the ms until a slot frees. */
  take(action: string, now: number): number | null {
    if (!(this.perSecond > 0) || this.perSecond === Infinity) return null;
    const recent = (this.hits.get(action) ?? []).filter((t) => t > now - 1000 && t <= now);
    if (recent.length >= this.perSecond) {
      this.hits.set(action, recent);
      return Math.max(1, (recent[0] ?? now) + 1000 - now);
    }
    recent.push(now);
    this.hits.set(action, recent);
    return null;
  }

  get limit(): number {
    return this.perSecond;
  }

  clear(): void {
    this.hits.clear();
  }
}

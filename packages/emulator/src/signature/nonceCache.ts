/** Nonces seen within the timestamp window; a nonce may not be used twice while remembered. */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** Records the nonce; false when it was already used and is still remembered. */
  use(key: string, now: number, rememberMs: number): boolean {
    this.sweep(now);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.delete(key);
    this.seen.set(key, now + rememberMs);
    return true;
  }

  clear(): void {
    this.seen.clear();
  }

  private sweep(now: number): void {
    // Insertion order is close to expiry order, so stopping at the first live entry is enough.
    for (const [key, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(key);
    }
  }
}

/**
 * The two `node:crypto` functions the emulator's state uses, on Web Crypto. Browser builds alias
 * `node:crypto` to this file (see the README, "In the browser"); Node uses the real module.
 */
export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}

export function randomBytes(size: number): { toString(encoding: 'hex'): string } {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(size));
  return {
    toString: () => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(''),
  };
}

import type { EmulatorRequest } from '../transport/exchange.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** The raw body, or null when it exceeds the limit (the caller answers, then drops the rest). */
export async function readBody(req: EmulatorRequest): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

export function isFormBody(req: EmulatorRequest): boolean {
  const type = req.headers['content-type'];
  return (typeof type === 'string' ? type : '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');
}

/** UTF-8 text of a body (no Buffer: this runs in browsers too). */
export function bodyText(body: Uint8Array): string {
  return new TextDecoder().decode(body);
}

import { takeRequestBody } from './fastPath.js';
import { fail } from './httpErrors.js';

const JSON_TYPE = /^application\/json\s*(;|$)/i;
// Stateless between calls (no `stream: true`), so one decoder serves every request.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

async function readStream(request: Request, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        fail('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** JSON only, bounded: the body is read at most `maxBytes` far, whatever Content-Length claims. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? ''))
    fail('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) fail('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
  const buffered = takeRequestBody(request);
  if (buffered && buffered.byteLength > maxBytes)
    fail('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
  const bytes = buffered ?? (await readStream(request, maxBytes));
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    fail('BAD_REQUEST', 'Request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    fail('BAD_REQUEST', 'Request body is not valid JSON');
  }
}

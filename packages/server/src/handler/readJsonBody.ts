import { takeRequestBody } from './fastPath.js';
import { fail } from './httpErrors.js';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** JSON only, bounded: the body is read at most `maxBytes` far, whatever Content-Length claims. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? ''))
    fail('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) fail('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
  const buffered = takeRequestBody(request);
  if (buffered && buffered.byteLength > maxBytes)
    fail('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
  const chunks: Uint8Array[] = buffered ? [buffered] : [];
  let size = buffered?.byteLength ?? 0;
  if (!buffered && request.body) {
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
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail('BAD_REQUEST', 'Request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    fail('BAD_REQUEST', 'Request body is not valid JSON');
  }
}

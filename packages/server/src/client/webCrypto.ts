/**
 * Hashing and HMAC on Web Crypto only (no node:crypto), so the signer runs on edge runtimes too.
 */
const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const value = globalThis.crypto?.subtle;
  if (!value) throw new Error('Web Crypto (globalThis.crypto.subtle) is required to sign requests');
  return value;
}

function toHex(buffer: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, '0');
  return out;
}

function toBase64(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function hmac(hash: 'SHA-1' | 'SHA-256', key: string, data: string): Promise<ArrayBuffer> {
  const cryptoKey = await subtle().importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash },
    false,
    ['sign'],
  );
  return subtle().sign('HMAC', cryptoKey, encoder.encode(data));
}

export async function sha256Hex(data: string): Promise<string> {
  return toHex(await subtle().digest('SHA-256', encoder.encode(data)));
}

export async function hmacSha256Hex(key: string, data: string): Promise<string> {
  return toHex(await hmac('SHA-256', key, data));
}

export async function hmacSha1Base64(key: string, data: string): Promise<string> {
  return toBase64(await hmac('SHA-1', key, data));
}

export function randomNonce(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

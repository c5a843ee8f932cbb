import { gateway } from '../errors/apiError.js';
import type { EmulatorAccessKey } from '../options.js';
import type { NonceCache } from './nonceCache.js';
import { rpcSign, rpcStringToSign } from './rpcSignature.js';
import {
  parseV3Authorization,
  sha256Hex,
  v3CanonicalRequest,
  v3Sign,
  v3StringToSign,
} from './v3Signature.js';
import { constantTimeEqual } from './webCrypto.js';

export interface SignedRequest {
  method: string;
  /** Decoded query params, in order. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Decoded form-body params (V1 signs them together with the query). */
  form: ReadonlyArray<readonly [string, string]>;
  body: Uint8Array;
  /** Lower-case names of the headers sent. */
  headerNames: readonly string[];
  header(name: string): string | undefined;
}

export interface VerifyContext {
  accessKeys: readonly EmulatorAccessKey[];
  /** The emulated clock (base + offset): nonces expire on it. */
  now: number;
  /**
   * The base clock (real time unless the caller injected one). Timestamps are checked against
   * it, so moving the emulated clock hours ahead never makes a freshly signed call illegal.
   */
  realNow: number;
  nonces: NonceCache;
  rpcTimestampWindowMs: number;
  v3DateWindowMs: number;
}

export interface VerifiedCaller {
  accessKeyId: string;
  scheme: 'v1' | 'v3';
}

// Signed headers a V3 request must include for its signature to cover what the gateway checks.
const REQUIRED_V3_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Verifies a V3 (Authorization header) or V1 (Signature param) request; throws ApiError. */
export async function verifyRequest(
  req: SignedRequest,
  ctx: VerifyContext,
): Promise<VerifiedCaller> {
  const authorization = req.header('authorization');
  if (authorization !== undefined) return verifyV3(req, authorization, ctx);
  return verifyRpc(req, ctx);
}

function findKey(ctx: VerifyContext, accessKeyId: string): EmulatorAccessKey {
  const key = ctx.accessKeys.find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw gateway.accessKeyNotFound();
  return key;
}

function checkSecurityToken(key: EmulatorAccessKey, presented: string | undefined): void {
  if (key.securityToken === undefined) {
    // A token sent with a long-term key cannot be one we issued for it.
    if (presented !== undefined && presented !== '') throw gateway.securityTokenMalformed();
    return;
  }
  if (presented === undefined || presented === '') throw gateway.missingSecurityToken();
  if (!equal(presented, key.securityToken)) throw gateway.securityTokenMismatch();
}

/**
 * Inside the window of real time, or of the emulated clock: a client that signs on the
 * emulator's own clock (the demo and the test signer share it) stays valid as it moves too.
 */
function checkTime(
  value: string | undefined,
  name: string,
  ctx: VerifyContext,
  windowMs: number,
): void {
  if (value === undefined || !ISO_UTC.test(value)) throw gateway.illegalTimestamp(name);
  const at = Date.parse(value);
  const near = (now: number) => Math.abs(now - at) <= windowMs;
  if (Number.isNaN(at) || !(near(ctx.realNow) || near(ctx.now))) {
    throw gateway.illegalTimestamp(name);
  }
}

function checkNonce(ctx: VerifyContext, keyId: string, nonce: string, windowMs: number): void {
  // Remembered for twice the window: a timestamp may be that far from the one it replays.
  if (!ctx.nonces.use(`${keyId}\u0000${nonce}`, ctx.now, 2 * windowMs)) throw gateway.nonceUsed();
}

async function verifyRpc(req: SignedRequest, ctx: VerifyContext): Promise<VerifiedCaller> {
  const all = [...req.query, ...req.form];
  const get = (name: string) => all.find(([k]) => k === name)?.[1];
  const signature = get('Signature');
  if (signature === undefined) throw gateway.incompleteSignature();
  const accessKeyId = get('AccessKeyId');
  if (accessKeyId === undefined || accessKeyId === '')
    throw gateway.missingParameter('AccessKeyId');
  const method = get('SignatureMethod');
  if (method === undefined) throw gateway.missingParameter('SignatureMethod');
  if (method !== 'HMAC-SHA1') throw gateway.invalidSignatureMethod();
  const version = get('SignatureVersion');
  if (version !== undefined && version !== '1.0')
    throw gateway.invalidParameter('SignatureVersion');
  const nonce = get('SignatureNonce');
  if (nonce === undefined || nonce === '') throw gateway.missingParameter('SignatureNonce');
  checkTime(get('Timestamp'), 'Timestamp', ctx, ctx.rpcTimestampWindowMs);
  const key = findKey(ctx, accessKeyId);
  const stringToSign = rpcStringToSign(req.method, all);
  if (!equal(await rpcSign(stringToSign, key.accessKeySecret), signature)) {
    throw gateway.signatureMismatch(`server string to sign is:${stringToSign}`);
  }
  checkSecurityToken(key, get('SecurityToken'));
  checkNonce(ctx, accessKeyId, nonce, ctx.rpcTimestampWindowMs);
  return { accessKeyId, scheme: 'v1' };
}

async function verifyV3(
  req: SignedRequest,
  authorization: string,
  ctx: VerifyContext,
): Promise<VerifiedCaller> {
  const auth = parseV3Authorization(authorization);
  if (!auth) throw gateway.incompleteSignature();
  const signed = auth.signedHeaders.map((h) => h.toLowerCase());
  if (REQUIRED_V3_HEADERS.some((h) => !signed.includes(h))) throw gateway.incompleteSignature();
  // Every x-acs-* header sent must be signed, or it could be changed in flight.
  if (req.headerNames.some((h) => h.startsWith('x-acs-') && !signed.includes(h))) {
    throw gateway.incompleteSignature();
  }
  const nonce = req.header('x-acs-signature-nonce');
  if (!nonce) throw gateway.missingParameter('x-acs-signature-nonce');
  checkTime(req.header('x-acs-date'), 'x-acs-date', ctx, ctx.v3DateWindowMs);
  const key = findKey(ctx, auth.credential);
  const declaredHash = req.header('x-acs-content-sha256') ?? '';
  const canonical = v3CanonicalRequest({
    method: req.method,
    query: req.query,
    signedHeaders: signed,
    header: (name) => req.header(name),
    hashedPayload: declaredHash,
  });
  const expected = await v3Sign(await v3StringToSign(canonical), key.accessKeySecret);
  if (!equal(expected, auth.signature.toLowerCase())) throw gateway.signatureMismatch();
  if (declaredHash.toLowerCase() !== (await sha256Hex(req.body))) {
    throw gateway.signatureMismatch('The x-acs-content-sha256 header does not match the body.');
  }
  checkSecurityToken(key, req.header('x-acs-security-token'));
  checkNonce(ctx, auth.credential, nonce, ctx.v3DateWindowMs);
  return { accessKeyId: auth.credential, scheme: 'v3' };
}

const equal = constantTimeEqual;

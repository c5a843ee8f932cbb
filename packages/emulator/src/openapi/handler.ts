import type { FaultPlan } from '../control/faults.js';
import type { RateLimiter } from '../control/rateLimiter.js';
import type { ApiVersion, ResolvedOptions } from '../options.js';
import type { NonceCache } from '../signature/nonceCache.js';
import { verifyRequest } from '../signature/verifyRequest.js';
import type { EmulatorState } from '../state/emulatorState.js';
import { bump } from '../state/stats.js';
import { ACTIONS, API_VERSIONS } from './actions.js';
import { ApiError, gateway, quickbi } from '../errors/apiError.js';
import { Params } from './params.js';
import type { EmulatorRequest, EmulatorResponse } from '../transport/exchange.js';
import { bodyText, isFormBody, readBody } from '../transport/requestBody.js';
import { writeBody, type ResponseFormat } from './respond.js';

export interface OpenApiRuntime {
  state: EmulatorState;
  options: ResolvedOptions;
  faults: FaultPlan;
  limiter: RateLimiter;
  nonces: NonceCache;
}

type Pairs = Array<[string, string]>;

function firstValues(...lists: Pairs[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const list of lists) for (const [k, v] of list) if (!map.has(k)) map.set(k, v);
  return map;
}

function headerOf(req: EmulatorRequest) {
  return (name: string): string | undefined => {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(',') : value;
  };
}

/** Answers one OpenAPI call on `/` (RPC style, GET or POST). */
export async function handleOpenApi(
  req: EmulatorRequest,
  res: EmulatorResponse,
  url: URL,
  rt: OpenApiRuntime,
): Promise<void> {
  const requestId = globalThis.crypto.randomUUID().toUpperCase();
  const header = headerOf(req);
  const query: Pairs = [...url.searchParams];
  let format: ResponseFormat = 'JSON';
  let version: ApiVersion | undefined;
  let action: string | undefined;
  const fail = (error: ApiError) => {
    const status =
      error.status === 'business' ? rt.options.errorStatus[version ?? '2022-01-01'] : error.status;
    rt.state.countError(error.code);
    log(rt, 'warn', `${action ?? '?'} -> ${error.code}`, { action, code: error.code, requestId });
    const body = {
      RequestId: requestId,
      HostId: header('host') ?? 'quickbi-public.aliyuncs.com',
      Code: error.code,
      Message: error.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=quickbi-public&requestId=${requestId}`,
    };
    writeBody(res, status, 'Error', body, format, error.headers);
  };

  try {
    // Before the body is read: the gateway refuses the request line on its own.
    const urlBytes = new TextEncoder().encode(req.url ?? '/').byteLength;
    if (urlBytes > rt.options.maxUrlBytes) throw gateway.uriTooLong(rt.options.maxUrlBytes);
    const body = await readBody(req);
    if (body === null) {
      fail(gateway.invalidParameter('Body'));
      req.destroy();
      return;
    }
    const form: Pairs =
      body.length > 0 && isFormBody(req) ? [...new URLSearchParams(bodyText(body))] : [];
    const params = firstValues(query, form);
    const isV3 = header('authorization') !== undefined;
    // V1 defaults to XML (spec §6.2); V3 and unsigned calls answer JSON unless Format says XML.
    const formatParam = params.get('Format')?.toUpperCase();
    const rpcSigned = !isV3 && params.has('Signature');
    format = formatParam === 'XML' || (formatParam === undefined && rpcSigned) ? 'XML' : 'JSON';

    if (req.method !== 'GET' && req.method !== 'POST') throw gateway.unsupportedMethod();
    action = params.get('Action') ?? header('x-acs-action');
    const versionValue = params.get('Version') ?? header('x-acs-version');
    if (!action) throw gateway.missingParameter('Action');
    if (!versionValue) throw gateway.missingParameter('Version');
    if (!API_VERSIONS.includes(versionValue as ApiVersion)) throw gateway.invalidVersion();
    version = versionValue as ApiVersion;
    const definition = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!definition || !definition.versions.includes(version)) {
      action = undefined;
      throw gateway.actionNotFound();
    }
    bump(rt.state.stats.calls, action);
    rt.state.stats.totalCalls += 1;

    const fault = rt.faults.take(action);
    // Real time (the emulator clock is not moved); a plain timer so this runs in browsers too.
    if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault?.drop) {
      rt.state.countError('(dropped)');
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      throw fault.status === 503
        ? gateway.serviceUnavailable()
        : gateway.internalError(fault.status);
    }
    if (fault?.throttle) throw throttling(rt, 1000);
    const faultCode = fault?.code;

    await verifyRequest(
      {
        method: req.method,
        query,
        form,
        body,
        headerNames: Object.keys(req.headers),
        header,
      },
      {
        accessKeys: rt.options.accessKeys,
        now: rt.state.now(),
        realNow: rt.options.now(),
        nonces: rt.nonces,
        rpcTimestampWindowMs: rt.options.rpcTimestampWindowMs,
        v3DateWindowMs: rt.options.v3DateWindowMs,
      },
    );
    const wait = rt.limiter.take(action, rt.state.now());
    if (wait !== null) throw throttling(rt, wait);
    // A business-error fault answers after the signature check, as Quick BI itself would.
    if (faultCode !== undefined) throw quickbi.byCode(faultCode, faultDetail(params));

    const result = definition.run(new Params(params), { state: rt.state, options: rt.options });
    log(rt, 'info', `${action} ok`, { action, requestId });
    writeBody(
      res,
      200,
      `${action}Response`,
      { RequestId: requestId, Result: result, Success: true },
      format,
    );
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    // A bug must still answer like Quick BI does, not crash the emulator.
    log(rt, 'error', `unexpected: ${error instanceof Error ? error.message : String(error)}`, {
      action,
      requestId,
    });
    if (!res.headersSent)
      fail(new ApiError('Internal.System.Error', 'An internal system error occurred.', 'business'));
  }
}

function throttling(rt: OpenApiRuntime, timeLeftMs: number): ApiError {
  return gateway.throttling({
    'x-ratelimit-user-api': `Limit:${rt.limiter.limit},Remain:0,TimeLeft:${timeLeftMs},Reset:${timeLeftMs}`,
  });
}

function log(
  rt: OpenApiRuntime,
  level: 'info' | 'warn' | 'error',
  message: string,
  fields: { action?: string | undefined; code?: string; requestId: string },
): void {
  if (!rt.options.logger) return;
  rt.options.logger({
    level,
    message,
    requestId: fields.requestId,
    ...(fields.action ? { action: fields.action } : {}),
    ...(fields.code ? { code: fields.code } : {}),
  });
}

/** The `%s` of a faulted business error: the call's main parameter, as Quick BI fills it. */
function faultDetail(params: Map<string, string>): string {
  for (const name of ['Ticket', 'Token', 'WorksId', 'CopilotId', 'DataPortalId', 'TicketNum']) {
    const value = params.get(name);
    if (value) return value;
  }
  return '[]';
}

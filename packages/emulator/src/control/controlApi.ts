import { bodyText, readBody } from '../transport/requestBody.js';
import type { EmulatorRequest, EmulatorResponse } from '../transport/exchange.js';
import { validateFault, type EmulatorFault } from './faults.js';

export const CONTROL_PREFIX = '/__emulator/';

/** What the control API drives: the same operations the Emulator object exposes. */
export interface ControlTarget {
  works(): unknown;
  users(): unknown;
  stats(): unknown;
  faults(): EmulatorFault[];
  setFaults(faults: EmulatorFault | EmulatorFault[]): void;
  clearFaults(): void;
  setClockOffset(ms: number): void;
  advanceClock(ms: number): void;
  clock(): { now: number; offsetMs: number };
  reset(): void;
  /** The current options, without secrets. */
  options(): unknown;
  /** Changes options while running (only the live ones); throws TypeError on bad input. */
  setOptions(patch: Record<string, unknown>): void;
}

function send(res: EmulatorResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    // Browser tests on another origin read stats and move the clock through this API.
    'access-control-allow-origin': '*',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

async function jsonBody(req: EmulatorRequest): Promise<unknown> {
  const raw = await readBody(req);
  if (raw === null) throw new TypeError('body too large');
  const text = bodyText(raw).trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new TypeError('body is not JSON');
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** JSON control API for tests and benchmarks. Returns false for paths it does not own. */
export async function handleControl(
  req: EmulatorRequest,
  res: EmulatorResponse,
  url: URL,
  target: ControlTarget,
): Promise<boolean> {
  if (!url.pathname.startsWith(CONTROL_PREFIX)) return false;
  const route = `${req.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, DELETE',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    });
    res.end();
    return true;
  }
  try {
    switch (route) {
      case 'GET works':
        return (send(res, 200, target.works()), true);
      case 'GET users':
        return (send(res, 200, target.users()), true);
      case 'GET stats':
        return (send(res, 200, target.stats()), true);
      case 'GET clock':
        return (send(res, 200, target.clock()), true);
      case 'POST clock': {
        const body = (await jsonBody(req)) as { offsetMs?: unknown; advanceMs?: unknown };
        if (finite(body.offsetMs)) target.setClockOffset(body.offsetMs);
        else if (finite(body.advanceMs)) target.advanceClock(body.advanceMs);
        else throw new TypeError('give offsetMs or advanceMs (a number of ms)');
        return (send(res, 200, target.clock()), true);
      }
      case 'GET faults':
        return (send(res, 200, target.faults()), true);
      case 'POST faults': {
        const body = await jsonBody(req);
        const list = Array.isArray(body) ? body : [body];
        list.forEach((f) => validateFault(f));
        target.setFaults(list as EmulatorFault[]);
        return (send(res, 200, target.faults()), true);
      }
      case 'DELETE faults':
        target.clearFaults();
        return (send(res, 200, []), true);
      case 'GET options':
        return (send(res, 200, target.options()), true);
      case 'POST options': {
        const body = await jsonBody(req);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new TypeError('give an object of options');
        }
        target.setOptions(body as Record<string, unknown>);
        return (send(res, 200, target.options()), true);
      }
      case 'POST reset':
        target.reset();
        return (send(res, 200, { ok: true }), true);
      default:
        return (send(res, 404, { error: `unknown control route ${route}` }), true);
    }
  } catch (error) {
    send(res, 400, { error: error instanceof Error ? error.message : 'bad request' });
    return true;
  }
}

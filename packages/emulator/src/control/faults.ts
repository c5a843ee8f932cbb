import { isBusinessErrorCode } from '../errors/businessErrors.js';

/** An injected failure for the next `count` calls of an action ('*' = any action). */
export interface EmulatorFault {
  action: string;
  /** Delay before answering (real time; the emulator clock is not moved). */
  latencyMs?: number;
  /** Answer with this 5xx instead of running the action. */
  status?: 500 | 502 | 503;
  /** Answer Throttling (HTTP 400). */
  throttle?: true;
  /** Destroy the socket without an answer. */
  drop?: true;
  /** Answer this documented Quick BI business error (see `BUSINESS_ERRORS`). */
  code?: string;
  count: number;
}

export class FaultPlan {
  private faults: EmulatorFault[] = [];

  add(fault: EmulatorFault): void {
    validateFault(fault);
    this.faults.push({ ...fault });
  }

  /** The first pending fault for this action, with one of its uses taken. */
  take(action: string): EmulatorFault | undefined {
    const index = this.faults.findIndex((f) => f.action === action || f.action === '*');
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return fault;
  }

  list(): EmulatorFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}

export function validateFault(value: unknown): asserts value is EmulatorFault {
  const f = value as Partial<EmulatorFault> | null;
  const fail = (why: string) => {
    throw new TypeError(`invalid fault: ${why}`);
  };
  if (typeof f !== 'object' || f === null) return fail('expected an object');
  if (typeof f.action !== 'string' || f.action === '') fail('action must be a name or "*"');
  if (!Number.isInteger(f.count) || (f.count as number) < 1) fail('count must be an integer >= 1');
  if (f.latencyMs !== undefined && !(Number.isFinite(f.latencyMs) && f.latencyMs >= 0)) {
    fail('latencyMs must be >= 0');
  }
  if (f.status !== undefined && ![500, 502, 503].includes(f.status)) {
    fail('status must be 500, 502 or 503');
  }
  if (f.throttle !== undefined && f.throttle !== true) fail('throttle must be true');
  if (f.drop !== undefined && f.drop !== true) fail('drop must be true');
  if (f.code !== undefined && !isBusinessErrorCode(f.code)) {
    fail('code must be a documented Quick BI business error code');
  }
  if (f.latencyMs === undefined && !f.status && !f.throttle && !f.drop && f.code === undefined) {
    fail('give at least one of latencyMs, status, throttle, drop, code');
  }
}

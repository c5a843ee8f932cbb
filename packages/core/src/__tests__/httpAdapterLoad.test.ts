import { describe, expect, it, vi } from 'vitest';
import type { TicketCredential } from '../contract.js';
import { errorKind } from '../errorKind.js';
import type { QuickBIEmbedError } from '../errors.js';
import { createHttpAdapter } from '../httpAdapter.js';

// The adapter's calls load on demand (`httpCalls.ts`); here that load fails (the page is offline,
// or a deploy replaced the chunk) until `back`.
const chunk = vi.hoisted(() => ({ back: false, loads: 0 }));
vi.mock('../httpCalls.js', async (importOriginal) => {
  chunk.loads++;
  if (!chunk.back) throw new TypeError('Failed to fetch dynamically imported module');
  return importOriginal();
});

describe('createHttpAdapter when its calls cannot load', () => {
  it('fails the call as a retryable NETWORK_ERROR, and the next call loads them again', async () => {
    const ticket = { kind: 'ticket', ticket: 't-1' } as TicketCredential;
    const fetch = vi.fn(async () => Response.json(ticket));
    const adapter = createHttpAdapter({ fetch, timeout: 0 });
    const error = (await adapter
      .createTicket({ worksId: 'w' })
      .catch((e: unknown) => e)) as QuickBIEmbedError;
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(errorKind(error)).toBe('network');
    expect(fetch).not.toHaveBeenCalled();
    chunk.back = true;
    await expect(adapter.createTicket({ worksId: 'w' })).resolves.toEqual(ticket);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(chunk.loads).toBeGreaterThan(1);
  });
});

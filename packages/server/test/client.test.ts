import { describe, expect, it } from 'vitest';
import { QuickBIApiError, createQuickBIClient } from '@quickbi-embed/server';
import { captured, setupEmulator, testClient, TEST_KEY } from './support/harness.js';

const emulator = setupEmulator({ resetEach: true });

describe.each(['v3', 'v1'] as const)('client actions signed with %s', (signatureVersion) => {
  it('creates, reads, tops up, extends and deletes a ticket', async () => {
    const client = testClient(emulator, { signatureVersion });
    const { ticket, requestId } = await client.createTicket({
      worksId: 'dash-sales-0001',
      cmptId: 'cmpt-sales-table',
      userId: 'user-alice-0001',
      ticketNum: 3,
      expireMinutes: 30,
      watermark: 'alice 办公 +*~/ "q"',
      globalParam: [
        {
          paramKey: 'product_type',
          joinType: 'and',
          conditionList: [{ operate: 'in', value: ['办公用品', '家具产品'] }],
        },
      ],
    });
    expect(ticket).toMatch(/\S/);
    expect(requestId).toMatch(/\S/);

    const info = await client.queryTicketInfo({ ticket });
    expect(info).toMatchObject({
      ticket,
      worksId: 'dash-sales-0001',
      cmptId: 'cmpt-sales-table',
      userId: 'user-alice-0001',
      maxUses: 3,
      usedUses: 0,
      watermark: 'alice 办公 +*~/ "q"',
      globalParam: [
        {
          paramKey: 'product_type',
          joinType: 'and',
          conditionList: [{ operate: 'in', value: ['办公用品', '家具产品'] }],
        },
      ],
    });
    expect(typeof info.maxUses).toBe('number');
    const invalidAt = info.invalidTime?.epochMs as number;
    // Read in +08:00 (the emulator's default zone too): 30 minutes after the emulator's now.
    expect(Math.abs(invalidAt - (emulator.now() + 30 * 60_000))).toBeLessThan(5_000);

    expect(await client.updateTicketNum({ ticket, ticketNum: 10 })).toBe(true);
    expect((await client.queryTicketInfo({ ticket })).maxUses).toBe(10);
    expect(await client.delayTicketExpireTime({ ticket, expireMinutes: 120 })).toBe(true);
    const later = (await client.queryTicketInfo({ ticket })).invalidTime?.epochMs as number;
    expect(later).toBeGreaterThan(invalidAt);
    expect(await client.deleteTicket({ ticket })).toBe(true);
    await expect(client.queryTicketInfo({ ticket })).rejects.toMatchObject({
      code: 'Authorize3rdTicket.NotExist',
    });
    expect(emulator.stats().calls).toMatchObject({
      CreateTicket: 1,
      QueryTicketInfo: 4,
      UpdateTicketNum: 1,
      DelayTicketExpireTime: 1,
      DeleteTicket: 1,
    });
  });

  it('creates, renews, reads and deletes an embed token (2021-03-25)', async () => {
    const client = testClient(emulator, { signatureVersion });
    const first = await client.createEmbedToken({
      worksId: 'dash-ops-0002',
      userId: 'user-bob-0002',
      expireMinutes: 30,
    });
    expect(first.accessToken).toMatch(/\S/);
    expect(first.invalidTime?.epochMs).toBeTypeOf('number');
    const again = await client.createEmbedToken({
      worksId: 'dash-ops-0002',
      userId: 'user-bob-0002',
      expireMinutes: 30,
    });
    expect(again.accessToken).toBe(first.accessToken);
    expect(
      await client.delayEmbedToken({ accessToken: first.accessToken, expireMinutes: 60 }),
    ).toBe(true);
    const info = await client.queryEmbedTokenInfo({ accessToken: first.accessToken });
    expect(info.accessToken).toBe(first.accessToken);
    expect(await client.deleteEmbedToken({ accessToken: first.accessToken })).toBe(true);
    expect(emulator.stats().tokensCreated).toBe(1);
  });

  it('reads and switches the embedding status', async () => {
    const client = testClient(emulator, { signatureVersion });
    expect(await client.queryEmbeddedStatus({ worksId: 'dash-private-0003' })).toBe(false);
    expect(
      await client.updateEmbeddedStatus({ worksId: ['dash-private-0003'], enabled: true }),
    ).toBe(1);
    expect(await client.queryEmbeddedStatus({ worksId: 'dash-private-0003' })).toBe(true);
    await client.updateEmbeddedStatus({ worksId: 'dash-private-0003', enabled: false });
  });
});

describe('client errors and retries', () => {
  it('surfaces Quick BI business errors with code, status and RequestId, without retrying', async () => {
    const client = testClient(emulator);
    const error = await client
      .createTicket({ worksId: 'dash-private-0003' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuickBIApiError);
    const apiError = error as QuickBIApiError;
    expect(apiError.code).toMatch(/\S/);
    expect(apiError.status).toBeGreaterThanOrEqual(400);
    expect(apiError.requestId).toMatch(/\S/);
    expect(apiError.attempts).toBe(1);
    expect(emulator.stats().calls.CreateTicket).toBe(1);
  });

  it('retries throttling and 5xx with backoff, then succeeds', async () => {
    const waits: number[] = [];
    const client = testClient(emulator, {
      sleep: async (ms) => void waits.push(ms),
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5 },
    });
    emulator.setFaults([
      { action: 'CreateTicket', throttle: true, count: 1 },
      { action: 'CreateTicket', status: 503, count: 1 },
      { action: 'CreateTicket', status: 500, count: 1 },
    ]);
    const { ticket } = await client.createTicket({ worksId: 'dash-sales-0001' });
    expect(ticket).toMatch(/\S/);
    expect(emulator.stats().calls.CreateTicket).toBe(4);
    expect(emulator.stats().ticketsCreated).toBe(1);
    // The throttling answer's TimeLeft hint (1000 ms) beats the 100 ms first step; then 2x growth.
    expect(waits).toEqual([1000, 150, 300]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const client = testClient(emulator, { retry: { maxAttempts: 2 } });
    emulator.setFaults({ action: 'QueryTicketInfo', status: 502, count: 5 });
    const error = (await client
      .queryTicketInfo({ ticket: 'x' })
      .catch((e: unknown) => e)) as QuickBIApiError;
    expect(error).toBeInstanceOf(QuickBIApiError);
    expect(error.status).toBe(502);
    expect(error.attempts).toBe(2);
    expect(emulator.stats().calls.QueryTicketInfo).toBe(2);
  });

  it('retries a dropped connection as a network error', async () => {
    const client = testClient(emulator, { retry: { maxAttempts: 3 } });
    emulator.setFaults({ action: 'CreateTicket', drop: true, count: 1 });
    await expect(client.createTicket({ worksId: 'dash-sales-0001' })).resolves.toMatchObject({
      ticket: expect.any(String),
    });
  });

  it('times out a slow answer', async () => {
    const client = testClient(emulator, { timeoutMs: 50, retry: false });
    emulator.setFaults({ action: 'QueryEmbeddedStatus', latencyMs: 1000, count: 1 });
    await expect(client.queryEmbeddedStatus({ worksId: 'dash-sales-0001' })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      status: 0,
    });
  });

  it('rejects a wrong secret without echoing it', async () => {
    const client = createQuickBIClient({
      accessKeyId: TEST_KEY.accessKeyId,
      accessKeySecret: 'WRONG-secret-value-xyz',
      securityToken: TEST_KEY.securityToken,
      endpoint: emulator.endpoint,
      retry: false,
    });
    const error = (await client
      .queryEmbeddedStatus({ worksId: 'dash-sales-0001' })
      .catch((e: unknown) => e)) as QuickBIApiError;
    expect(error.code).toMatch(/Signature/);
    expect(error.status).toBeGreaterThanOrEqual(400);
    const text = `${error.message} ${String(error)} ${JSON.stringify(error)}`;
    expect(text).not.toContain('WRONG-secret-value-xyz');
    expect(text).not.toContain(TEST_KEY.securityToken);
  });

  it('uses a credentials provider per call', async () => {
    let calls = 0;
    const client = createQuickBIClient({
      credentials: () => {
        calls++;
        return TEST_KEY;
      },
      endpoint: emulator.endpoint,
    });
    await client.queryEmbeddedStatus({ worksId: 'dash-sales-0001' });
    await client.queryEmbeddedStatus({ worksId: 'dash-sales-0001' });
    expect(calls).toBe(2);
  });

  it('never shows the secret when printed or serialised', async () => {
    const { inspect } = await import('node:util');
    const client = testClient(emulator);
    for (const text of [String(client), JSON.stringify(client), inspect(client, { depth: 5 })]) {
      expect(text).not.toContain(TEST_KEY.accessKeySecret);
      expect(text).not.toContain(TEST_KEY.securityToken);
    }
    expect(captured.length).toBeGreaterThan(0);
  });
});

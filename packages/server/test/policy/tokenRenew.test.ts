/**
 * A tab whose token is about to expire asks `/token` with `renew: true`. The cache still holds the
 * same token, so answering from it would hand back the old expiry and the iframe would die; the
 * server extends it upstream instead, once for all tabs renewing together.
 */
import { describe, expect, it } from 'vitest';
import type { EmbedTokenCredential } from '@quickbi-embed/core';
import { call, setupEmulator, setupServedHandler } from '../support/harness.js';

const emulator = setupEmulator({ resetEach: true });
const served = setupServedHandler(emulator, {}, 'test');

const token = async (body: Record<string, unknown> = {}) =>
  (
    await call(
      served.url,
      '/api/quickbi/token',
      { worksId: 'dash-ops-0002', ...body },
      { user: 'bob' },
    )
  ).json as EmbedTokenCredential;
const creates = () => emulator.stats().calls.CreateEmbedToken ?? 0;

describe('POST /token with renew: true', () => {
  it('extends the token upstream at the first renewal: expiresAt moves', async () => {
    const first = await token();
    expect(first.reportOrigin).toBe(emulator.reportOrigin);
    emulator.advanceClock(10 * 60_000);
    // A plain ask is a cache hit: same expiry.
    expect((await token()).expiresAt).toBe(first.expiresAt);
    expect(creates()).toBe(1);
    const renewed = await token({ renew: true });
    expect(renewed.accessToken).toBe(first.accessToken);
    expect(renewed.reportUrl).toBe(first.reportUrl);
    expect(renewed.expiresAt).toBeGreaterThan(first.expiresAt);
    expect(creates()).toBe(2);
    // And the cache now holds the extended token.
    expect((await token()).expiresAt).toBe(renewed.expiresAt);
  });

  it('tabs renewing together share one extension', async () => {
    await token();
    emulator.advanceClock(10 * 60_000);
    const answers = await Promise.all(Array.from({ length: 5 }, () => token({ renew: true })));
    expect(new Set(answers.map((a) => a.expiresAt)).size).toBe(1);
    expect(creates()).toBe(2);
    // A renewal after the window is a new extension.
    emulator.advanceClock(10 * 60_000);
    await token({ renew: true });
    expect(creates()).toBe(3);
  });

  it('refuses a non-boolean renew as bad input', async () => {
    const answer = await call(
      served.url,
      '/api/quickbi/token',
      { worksId: 'dash-ops-0002', renew: 'yes' },
      { user: 'bob' },
    );
    expect(answer.status).toBe(400);
    expect(creates()).toBe(0);
  });
});

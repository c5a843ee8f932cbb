import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setupEmulator } from './support/emulatorFixture.js';

// Business errors at 400, so any 5xx here is an emulator bug.
const t = setupEmulator({ rateLimitPerSecond: 0, errorStatus: 400 });
const ACTIONS = [
  'CreateTicket',
  'QueryTicketInfo',
  'UpdateTicketNum',
  'DelayTicketExpireTime',
  'DeleteTicket',
  'QueryEmbeddedStatus',
  'UpdateEmbeddedStatus',
  'CreateEmbedToken',
  'DelayEmbedToken',
  'QueryEmbedTokenInfo',
  'DeleteEmbedToken',
];
const NAMES = [
  'WorksId',
  'Ticket',
  'Token',
  'TicketNum',
  'ExpireTime',
  'ExpireMin',
  'GlobalParam',
  'WatermarkParam',
  'UserId',
  'AccountName',
  'AccountType',
  'CmptId',
  'ThirdPartAuthFlag',
];

describe('arbitrary input never crashes the emulator', () => {
  it('signed calls with random params answer a documented shape below 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS),
        fc.dictionary(
          fc.constantFrom(...NAMES),
          fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.integer().map(String)),
        ),
        fc.constantFrom('v3', 'v1'),
        async (action, params, scheme) => {
          const r = await t.call(action, params, { scheme });
          expect(r.status).toBeLessThan(500);
          if (r.status === 200) expect(r.json['Success']).toBe(true);
          else expect(typeof r.json['Code']).toBe('string');
        },
      ),
      { numRuns: 150 },
    );
    expect(t.emulator.stats().errors['Internal.System.Error']).toBeUndefined();
  });

  it('raw garbage requests get a 4xx', async () => {
    for (const path of [
      '/?%zz=%',
      '/?Action=%E0%A4%A&Version=2022-01-01',
      '/?Action=__proto__&Version=2022-01-01',
      '/?Action=toString&Version=2022-01-01',
    ]) {
      const r = await fetch(`${t.emulator.endpoint}${path}`, {
        method: 'POST',
        body: '%%%',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
    }
  });
});

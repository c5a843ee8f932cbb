import { describe, expect, it } from 'vitest';
import { parseInvalidTime, parseTimeZoneOffset } from './parseInvalidTime.js';
import { backoffDelay, isRetryable, resolveRetry, throttlingTimeLeft } from './retry.js';
import { redactSecrets } from './credentials.js';
import { resolveEndpoint } from './endpoint.js';

describe('parseInvalidTime', () => {
  it('reads Quick BI times in +08:00 by default', () => {
    expect(parseInvalidTime('2022-01-30 03:03:49')).toBe(Date.parse('2022-01-29T19:03:49Z'));
  });
  it('reads them in a configured zone', () => {
    expect(parseInvalidTime('2022-01-30 03:03:49', 'UTC')).toBe(Date.parse('2022-01-30T03:03:49Z'));
    expect(parseInvalidTime('2022-01-30 03:03:49', '-05:30')).toBe(
      Date.parse('2022-01-30T08:33:49Z'),
    );
    expect(parseInvalidTime('2022-01-30 03:03:49', 60)).toBe(Date.parse('2022-01-30T02:03:49Z'));
  });
  it('refuses malformed text and zones', () => {
    expect(() => parseInvalidTime('2022-02-30 03:03:49')).toThrow();
    expect(() => parseInvalidTime('yesterday')).toThrow();
    expect(() => parseTimeZoneOffset('Asia/Shanghai')).toThrow(RangeError);
  });
});

describe('retry policy', () => {
  it('retries throttling, transient 5xx and network failures only', () => {
    expect(isRetryable('Throttling', 400)).toBe(true);
    expect(isRetryable('Throttling.User', 400)).toBe(true);
    expect(isRetryable('ServiceUnavailable', 503)).toBe(true);
    expect(isRetryable('UPSTREAM_UNAVAILABLE', 502)).toBe(true);
    expect(isRetryable('NETWORK_ERROR', 0)).toBe(true);
    expect(isRetryable('UPSTREAM_TIMEOUT', 0)).toBe(true);
    expect(isRetryable('Authorize3rdTicket.Expired', 400)).toBe(false);
    // 2021-03-25 answers business errors with HTTP 500: not transient.
    expect(isRetryable('Report.NotExist.Error', 500)).toBe(false);
    expect(isRetryable('SignatureDoesNotMatch', 403)).toBe(false);
  });

  it('never retries a create after a timeout: the first attempt may still mint', () => {
    for (const action of ['CreateTicket', 'CreateEmbedToken', 'CreateTicket4Copilot']) {
      expect(isRetryable('UPSTREAM_TIMEOUT', 0, action)).toBe(false);
      expect(isRetryable('GatewayTimeout', 504, action)).toBe(false);
      // Answers that say nothing was done are still retried.
      expect(isRetryable('Throttling', 400, action)).toBe(true);
      expect(isRetryable('ServiceUnavailable', 503, action)).toBe(true);
    }
    expect(isRetryable('UPSTREAM_TIMEOUT', 0, 'QueryTicketInfo')).toBe(true);
    expect(isRetryable('UPSTREAM_TIMEOUT', 0, 'DelayTicketExpireTime')).toBe(true);
  });

  it('reads TimeLeft hints from the rate-limit headers', () => {
    const headers = new Headers({
      'x-ratelimit-user-api': 'Limit:50,Remain:0,TimeLeft:750,Reset:1',
    });
    expect(throttlingTimeLeft(headers)).toBe(750);
    expect(throttlingTimeLeft(new Headers())).toBeUndefined();
  });

  it('backs off exponentially with jitter, honours hints and caps', () => {
    const retry = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 });
    expect(backoffDelay(retry, 1)).toBe(100);
    expect(backoffDelay(retry, 2)).toBe(200);
    expect(backoffDelay(retry, 3)).toBe(400);
    expect(backoffDelay(retry, 10)).toBe(1000);
    expect(backoffDelay(retry, 1, 700)).toBe(700);
    expect(backoffDelay(retry, 1, 5000)).toBe(1000);
    const low = resolveRetry({ baseDelayMs: 100, random: () => 0 });
    expect(backoffDelay(low, 1)).toBe(50);
  });
});

describe('redactSecrets', () => {
  it('removes raw and percent-encoded forms', () => {
    const secret = 'a+b/c=';
    const text = `x ${secret} y ${encodeURIComponent(secret)} z ${encodeURIComponent(encodeURIComponent(secret))}`;
    expect(redactSecrets(text, [secret, undefined])).toBe('x *** y *** z ***');
  });
});

describe('resolveEndpoint', () => {
  it('takes a region, a host or a URL', () => {
    expect(resolveEndpoint('ap-southeast-1')).toMatchObject({
      origin: 'https://quickbi-public.ap-southeast-1.aliyuncs.com',
      reportOrigin: 'https://bi-ap-southeast-1.data.aliyun.com',
    });
    expect(resolveEndpoint(undefined, 'http://127.0.0.1:9100')).toMatchObject({
      origin: 'http://127.0.0.1:9100',
      reportOrigin: undefined,
    });
    expect(resolveEndpoint(undefined, 'quickbi-public.aliyuncs.com').origin).toBe(
      'https://quickbi-public.aliyuncs.com',
    );
    expect(resolveEndpoint().reportOrigin).toBe('https://bi.aliyun.com');
    expect(() => resolveEndpoint('mars-1')).toThrow(/Unknown Quick BI region/);
  });
});

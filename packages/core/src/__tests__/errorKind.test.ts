import { describe, expect, it } from 'vitest';
import { ERROR_TEXT, errorKind, QuickBIEmbedError } from '../index.js';

// What the server sends for a Quick BI business refusal: Quick BI's own code, status 502.
const fromQuickBI = (code: string) => new QuickBIEmbedError({ code, message: code, status: 502 });

describe('errorKind', () => {
  it('names a report that is not embeddable as not allowed, not as Quick BI being down', () => {
    const error = fromQuickBI('Access.ReportTree.Unauthorized');
    expect(errorKind(error)).toBe('notAllowed');
    expect(ERROR_TEXT.en[errorKind(error)]).toBe('You are not allowed to view this report.');
  });

  it('names an unknown report as not found', () => {
    expect(errorKind(fromQuickBI('Report.NotExist.Error'))).toBe('notFound');
  });

  it('keeps other Quick BI failures as unavailable (a spent ticket is not a missing report)', () => {
    expect(errorKind(fromQuickBI('Authorize3rdTicket.NotExist'))).toBe('unavailable');
    expect(errorKind(fromQuickBI('UPSTREAM_UNAVAILABLE'))).toBe('unavailable');
  });

  it('names whose mistake it is: sign in, the embed server, the app’s server, Quick BI', () => {
    const ours = (code: string, status: number) =>
      errorKind(new QuickBIEmbedError({ code, message: code, status }));
    // Signed out: the user can fix it by signing in, not by asking for access.
    expect(ours('UNAUTHORIZED', 401)).toBe('signIn');
    expect(ERROR_TEXT.en.signIn).toBe('Sign in to view this report.');
    // The handler's "no such route" (a wrong mount path), a malformed request (a bad worksId), a
    // crash or a missing setting: the developer's to fix, not "not found" or "Quick BI down".
    for (const [code, status] of [
      ['NOT_FOUND', 404],
      ['BAD_REQUEST', 400],
      ['INTERNAL', 500],
      ['NOT_CONFIGURED', 500],
      ['FORBIDDEN_ORIGIN', 403],
      ['SOMETHING_ELSE', 400],
    ] as const)
      expect([code, ours(code, status)]).toEqual([code, 'misconfigured']);
    // The app's own server cannot be reached (offline, timeout, its proxy without it).
    expect(ours('NETWORK_ERROR', 0)).toBe('network');
    expect(ours('NETWORK_ERROR', 503)).toBe('network');
    expect(ERROR_TEXT.en.network).toBe('This site’s report server could not be reached.');
    // Only a contract code that says upstream is Quick BI being unavailable.
    for (const code of ['UPSTREAM_ERROR', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT'])
      expect(ours(code, 503)).toBe('unavailable');
    expect(new Set(Object.values(ERROR_TEXT.en)).size).toBe(Object.keys(ERROR_TEXT.en).length);
    expect(Object.keys(ERROR_TEXT['zh-CN'])).toEqual(Object.keys(ERROR_TEXT.en));
  });

  it('still maps the library’s own codes and statuses', () => {
    expect(errorKind({ code: 'NETWORK_ERROR', status: 0 })).toBe('network');
    expect(errorKind({ code: 'SOMETHING', status: 403 })).toBe('notAllowed');
  });
});

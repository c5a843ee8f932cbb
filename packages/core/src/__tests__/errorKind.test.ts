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

  it('still maps the library’s own codes and statuses', () => {
    expect(errorKind({ code: 'NETWORK_ERROR', status: 0 })).toBe('network');
    expect(errorKind({ code: 'SOMETHING', status: 403 })).toBe('notAllowed');
  });
});

import { useState } from 'react';
import {
  QuickBIReport,
  useTicket,
  useTicketInfo,
  type QuickBIReportProps,
} from '@quickbi-embed/react';
import { expect, waitFor, within } from 'storybook/test';
import { emulatorStats } from './emulatorControl.js';

/** Bounded waits for things that cross the network and the emulator. */
export const SLOW = { timeout: 20_000, interval: 100 };

/**
 * A report with a visible log of what happened to it: iframe load events (`onFrameLoad`: a reload
 * would show as 2), dashboards shown (`onLoad`: the dashboard posted its height), renewals,
 * errors (`onError`: the report is not showing), renewal errors (`onRenewalError`: the report
 * keeps showing) and budget warnings.
 */
export function CountedReport({ testId, ...props }: QuickBIReportProps & { testId: string }) {
  const [loads, setLoads] = useState(0);
  const [shown, setShown] = useState(0);
  const [renewals, setRenewals] = useState(0);
  const [errors, setErrors] = useState<string[]>([]);
  const [renewalErrors, setRenewalErrors] = useState<string[]>([]);
  const [budget, setBudget] = useState<string>();
  return (
    <div data-testid={testId}>
      <QuickBIReport
        {...props}
        onFrameLoad={() => setLoads((n) => n + 1)}
        onLoad={() => setShown((n) => n + 1)}
        onRenew={() => setRenewals((n) => n + 1)}
        onError={(error) => setErrors((list) => [...list, error.code])}
        onRenewalError={(error) => setRenewalErrors((list) => [...list, error.code])}
        onBudgetLow={(left, max) => setBudget(`${left} of ${max} uses left`)}
      />
      <p style={{ fontSize: 13, color: '#57606a' }}>
        iframe loads: <output data-loads="">{loads}</output> · shown:{' '}
        <output data-shown="">{shown}</output> · renewals:{' '}
        <output data-renewals="">{renewals}</output> · errors:{' '}
        <output data-errors="">{errors.length ? errors.join(', ') : 'none'}</output> · renewal
        errors:{' '}
        <output data-renewal-errors="">
          {renewalErrors.length ? renewalErrors.join(', ') : 'none'}
        </output>
        {budget && (
          <>
            {' '}
            · budget low: <output data-budget="">{budget}</output>
          </>
        )}
      </p>
    </div>
  );
}

/** The loaded iframe inside a `CountedReport`, once its first load event fired. */
export async function loadedReport(canvasElement: HTMLElement, testId: string) {
  const box = await within(canvasElement).findByTestId(testId, {}, SLOW);
  await waitFor(() => expect(loadsOf(box)).toBe(1), {
    ...SLOW,
    onTimeout: (error) =>
      new Error(`${testId} did not load once: "${box.textContent}"`, { cause: error }),
  });
  const iframe = box.querySelector('iframe');
  if (!iframe) throw new Error(`no iframe in ${testId}`);
  return { box, iframe, url: new URL(iframe.src) };
}

export function loadsOf(box: HTMLElement): number {
  return Number(box.querySelector('[data-loads]')?.textContent ?? NaN);
}

export function renewalsOf(box: HTMLElement): number {
  return Number(box.querySelector('[data-renewals]')?.textContent ?? NaN);
}

export function errorsOf(box: HTMLElement): string {
  return box.querySelector('[data-errors]')?.textContent ?? '';
}

export function renewalErrorsOf(box: HTMLElement): string {
  return box.querySelector('[data-renewal-errors]')?.textContent ?? '';
}

/**
 * The default error view once its words loaded (they load on demand: until then the alert shows
 * only the code).
 */
export async function errorAlert(canvasElement: HTMLElement, text: string) {
  const canvas = within(canvasElement);
  await canvas.findByRole('alert', {}, SLOW);
  await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent(text), SLOW);
  return canvas.getByRole('alert');
}

/** Page loads the emulator counted for a ticket: each consumed one of its uses. */
export async function ticketUses(ticket: string): Promise<number> {
  return (await emulatorStats()).ticketUses[ticket] ?? 0;
}

/**
 * What the hooks say about a report's ticket: `useTicket` (renewing or not) and `useTicketInfo`
 * (Quick BI's own view of the ticket, asked on demand). Shares the report's query, so it shows
 * the same ticket the report shows.
 */
export function TicketWatch({ worksId }: { worksId: string }) {
  const ticket = useTicket({ worksId });
  const info = useTicketInfo(ticket.credential);
  const quickbiSays =
    info.info === undefined
      ? 'not asked'
      : info.info.expiresAt <= info.info.serverNow
        ? 'expired'
        : 'valid';
  return (
    <p style={{ fontSize: 13, color: '#57606a' }}>
      renewing: <output data-renewing="">{ticket.isRenewing ? 'yes' : 'no'}</output> · Quick BI
      says: <output data-quickbi-says="">{info.isFetching ? 'asking…' : quickbiSays}</output>{' '}
      <button type="button" onClick={() => void info.refetch()} disabled={!ticket.credential}>
        Ask Quick BI
      </button>
    </p>
  );
}

export function textOf(box: HTMLElement, attribute: string): string {
  return box.querySelector(`[${attribute}]`)?.textContent ?? '';
}

/**
 * The embed page's text when the iframe is on this origin (the static build, where the emulator
 * runs in this page); undefined when it is another origin (the dev server's emulator).
 */
export function sameOriginPageText(iframe: HTMLIFrameElement): string | undefined {
  try {
    return iframe.contentDocument?.body?.textContent ?? undefined;
  } catch {
    return undefined;
  }
}

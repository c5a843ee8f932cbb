import { useState } from 'react';
import { QuickBIReport, type QuickBIReportProps } from '@quickbi-embed/react';
import { expect, waitFor, within } from 'storybook/test';
import { emulatorStats } from './emulatorControl.js';

/** Bounded waits for things that cross the network and the emulator. */
export const SLOW = { timeout: 20_000, interval: 100 };

/** A report and a visible count of its iframe's load events (a reload would show as 2). */
export function CountedReport({ testId, ...props }: QuickBIReportProps & { testId: string }) {
  const [loads, setLoads] = useState(0);
  return (
    <div data-testid={testId}>
      <QuickBIReport {...props} onLoad={() => setLoads((n) => n + 1)} />
      <p>
        iframe loads: <output data-loads="">{loads}</output>
      </p>
    </div>
  );
}

/** The loaded iframe inside a `CountedReport`, once its first load event fired. */
export async function loadedReport(canvasElement: HTMLElement, testId: string) {
  const box = await within(canvasElement).findByTestId(testId, {}, SLOW);
  await waitFor(() => expect(loadsOf(box)).toBe(1), SLOW);
  const iframe = box.querySelector('iframe');
  if (!iframe) throw new Error(`no iframe in ${testId}`);
  return { box, iframe, url: new URL(iframe.src) };
}

export function loadsOf(box: HTMLElement): number {
  return Number(box.querySelector('[data-loads]')?.textContent ?? NaN);
}

/** Page loads the emulator counted for a ticket: each consumed one of its uses. */
export async function ticketUses(ticket: string): Promise<number> {
  return (await emulatorStats()).ticketUses[ticket] ?? 0;
}

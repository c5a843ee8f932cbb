// What both first-paint benches share: the timing of one navigation, the alternating cold/warm
// rounds, and the medians and ratio they print.
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** What counts as "the report rendered": a row of its table, inside the report iframe. */
export const FIRST_ROW = 'table [data-testid="row"]';

/** Milliseconds from navigation start to the first table row rendered inside the report iframe. */
export async function timeToFirstRow(page: Page, url: string): Promise<number> {
  const start = Date.now();
  await page.goto(url);
  const frame = await (await page.waitForSelector('iframe', { timeout: 30_000 })).contentFrame();
  await frame!.waitForSelector(FIRST_ROW, { timeout: 30_000 });
  return Date.now() - start;
}

export type Times<V extends string> = Record<'cold' | 'warm', Record<V, number[]>>;

/**
 * One uncounted warm-up pass (Chromium, the app's chunks and the emulator warm up), then `rounds`
 * rounds in which every variant is navigated to cold (a fresh browser context, so no cache) and
 * then warm (the same context again). The order of the variants alternates round by round, so
 * drift over time (a shared machine) hits both alike.
 */
export async function alternatingRounds<V extends string>(
  browser: Browser,
  variants: readonly [V, V],
  rounds: number,
  url: (variant: V) => string,
  newContext: () => Promise<BrowserContext> = () => browser.newContext(),
): Promise<Times<V>> {
  const empty = () =>
    Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<V, number[]>;
  const times: Times<V> = { cold: empty(), warm: empty() };
  for (const v of variants) {
    const context = await newContext();
    await timeToFirstRow(await context.newPage(), url(v));
    await context.close();
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? ([variants[1], variants[0]] as const) : variants;
    for (const v of order) {
      const context = await newContext();
      const page = await context.newPage();
      times.cold[v].push(await timeToFirstRow(page, url(v)));
      times.warm[v].push(await timeToFirstRow(page, url(v)));
      await context.close();
    }
  }
  return times;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export interface Medians {
  kind: 'cold' | 'warm';
  first: number;
  second: number;
  /** first ÷ second */
  ratio: number;
}

/** The medians of both variants and their ratio, cold then warm. */
export function medians<V extends string>(times: Times<V>, [first, second]: readonly [V, V]) {
  return (['cold', 'warm'] as const).map((kind): Medians => {
    const a = median(times[kind][first]);
    const b = median(times[kind][second]);
    return { kind, first: a, second: b, ratio: a / b };
  });
}

/**
 * The two demo end users and how a page tells the dev server which one it is.
 *
 * A real app never lets the browser say who it is: its server reads the user from its own session.
 * The demo has no login, so stories and the demo page send `x-demo-user` (or set the
 * `quickbi-demo-user` cookie) and the dev server's policy trusts it. Browser-safe: no Node imports.
 */
export const DEMO_USER_HEADER = 'x-demo-user';
export const DEMO_USER_COOKIE = 'quickbi-demo-user';
/** Selects a policy variant for a story (e.g. a one-minute lifetime to watch renewal live). */
export const DEMO_SCENARIO_HEADER = 'x-demo-scenario';
/**
 * Stands in for the app's login session: credentials are cached per (user, session), so each
 * story gets its own and stories sharing one dev server cannot disturb each other.
 */
export const DEMO_SESSION_HEADER = 'x-demo-session';

export type DemoUserName = 'alice' | 'bob';

export const DEMO_USER_NAMES: readonly DemoUserName[] = ['alice', 'bob'];

export type DemoScenario =
  /** The default: four-hour credentials, a ticket budget of 20 uses topped up on renewal. */
  | 'default'
  /** One-minute credentials: renewal happens while you watch. */
  | 'short-lived'
  /** A ticket with a budget of 3 uses, topped up by 3 on renewal once they are spent. */
  | 'low-budget'
  /** A ticket with a budget of 3 uses, never topped up nor renewed: a fourth load needs a new ticket. */
  | 'no-top-up';

export function isDemoUserName(value: unknown): value is DemoUserName {
  return value === 'alice' || value === 'bob';
}

export function isDemoScenario(value: unknown): value is DemoScenario {
  return (
    value === 'default' ||
    value === 'short-lived' ||
    value === 'low-budget' ||
    value === 'no-top-up'
  );
}

/** Headers a browser adapter sends to act as a demo user. */
export function demoHeaders(
  user: DemoUserName,
  scenario: DemoScenario = 'default',
  session?: string,
): Record<string, string> {
  return {
    [DEMO_USER_HEADER]: user,
    [DEMO_SCENARIO_HEADER]: scenario,
    ...(session ? { [DEMO_SESSION_HEADER]: session } : {}),
  };
}

import type { Credential } from './contract.js';
import type * as Actions from './engineActions.js';

export type ActionsModule = typeof Actions;
export let actionsModule: ActionsModule | undefined;
let loadingActions: Promise<ActionsModule> | undefined;
/**
 * The engine's actions (fetching, booking, handing out uses, renewal) run from the app's first
 * effect on, never while it renders: they load on demand, their import started when the first
 * engine is created (beside the app's first render and the adapter's calls), so the first effect
 * finds them loaded or loading and no page ships them in its first chunk. A failed load (offline,
 * a deploy replaced the chunk) is retried by the next call that needs them.
 */
export const loadActions = (): Promise<ActionsModule> =>
  (loadingActions ??= import('./engineActions.js').then(
    (m) => (actionsModule = m),
    (cause: Error) => {
      loadingActions = undefined;
      // The bundler's own error (it names the chunk), coded as our network errors are.
      throw Object.assign(cause, { code: 'NETWORK_ERROR', status: 0 });
    },
  ));

/** A credential value's identity (its ticket, or its token): for the engine and its actions. */
export const idOf = (c: Credential): string => (c.kind === 'ticket' ? c.ticket : c.accessToken);

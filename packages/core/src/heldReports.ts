/**
 * Which reports this page holds a live credential for, told to the app's own server in a
 * first-party cookie, so a route loader that runs again (React Router revalidates on every
 * navigation; an RSC refresh) and prefetches one of them reserves nothing for it: the page spends
 * and renews its own.
 *
 * The cookie holds report identities only (a short hash of works, kind, component and host-chosen
 * filters per report), never a ticket or anything secret. The page writes its whole set on every
 * change (one owner: this module, per document); another tab's or a closed page's set can only
 * make the server answer a credential with no page load reserved, which the engine never shows:
 * it asks for its own (one request more, never a spent or wrong ticket).
 */
import type { ContractFilter } from './contract.js';
import type { CredentialEntry } from './credentialEntry.js';
import type { EngineCore } from './engineTypes.js';

/** The cookie's name (path `/`, SameSite=Lax, session-long). */
export const HELD_COOKIE = 'quickbi-held';

/** At most this many identities (the latest held): 24 × 8 characters keeps the cookie small. */
export const MAX_HELD = 24;

/** A report as the server's `prefetch` and the browser's bindings both name it. */
export interface HeldIdentity {
  worksId: string;
  /** Default `'ticket'`. */
  credential?: 'ticket' | 'token' | undefined;
  cmptId?: string | undefined;
  filters?: readonly ContractFilter[] | undefined;
}

/** Where the cookie goes: a document (the default, `globalThis.document`), or a test's sink. */
export interface CookieSink {
  cookie: string;
  location?: { protocol: string } | null;
}

/**
 * The identity's short hash (FNV-1a 32, base 36): the same on the server and in any browser
 * (plain code-unit ordering, no locale). Two reports sharing one only cost an extra request.
 */
export function heldId({ worksId, credential, cmptId, filters }: HeldIdentity): string {
  const chosen = (filters ?? [])
    .filter((f) => f.values.length > 0)
    .map((f) => [f.paramKey, [...new Set(f.values)].sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = JSON.stringify([credential ?? 'ticket', worksId, cmptId ?? null, chosen]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** The identities a request's `Cookie` header says its page holds (bounded, malformed ignored). */
export function heldIdsOf(cookieHeader: string | null | undefined): Set<string> {
  const held = new Set<string>();
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, value] = part.split('=', 2);
    if (name?.trim() !== HELD_COOKIE || !value) continue;
    for (const id of value.trim().split('.').slice(0, MAX_HELD))
      if (/^[0-9a-z]{1,7}$/.test(id)) held.add(id);
  }
  return held;
}

// Per sink (document): each held identity and how many embeds hold it, in the order held.
const pages = new WeakMap<CookieSink, Map<string, number>>();

function write(sink: CookieSink, held: Map<string, number>) {
  const ids = [...held.keys()].slice(-MAX_HELD).join('.');
  const secure = sink.location?.protocol === 'https:' ? '; Secure' : '';
  sink.cookie = `${HELD_COOKIE}=${ids}; Path=/; SameSite=Lax${ids ? '' : '; Max-Age=0'}${secure}`;
}

/**
 * Marks `identity` as shown by this page until the returned release (call it when the embed
 * unmounts or stops showing a live credential). Does nothing without a document (on the server).
 */
export function holdReport(
  identity: HeldIdentity,
  sink: CookieSink | undefined = (globalThis as { document?: CookieSink }).document,
): () => void {
  if (!sink) return () => {};
  let held = pages.get(sink);
  if (!held) pages.set(sink, (held = new Map()));
  const id = heldId(identity);
  held.set(id, (held.get(id) ?? 0) + 1);
  write(sink, held);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(id) ?? 1) - 1;
    if (left > 0) held.set(id, left);
    else held.delete(id);
    write(sink, held);
  };
}

/**
 * What the engine's renewal planner (loaded with the engine's actions, so none of this is in a
 * page's first chunk) calls for a credential whenever its report settles, and when `clear` ends
 * it: while the credential lives, it holds its report's identity, under the engine's
 * `heldCookie` option (`false`: nothing written). Not only while an embed shows it: the engine
 * ignores a handed-in credential for any report it has a live one for (an embed attached again
 * after a filter switched back takes a use of that one), so a use reserved for it would be
 * wasted. One place for `QuickBIReport`, `mountQuickBIReport` and any other binding.
 */
export function heldBy(
  engine: Pick<EngineCore, 'options' | 'alive'>,
): (entry: CredentialEntry) => void {
  const holds = new WeakMap<CredentialEntry, () => void>();
  return (entry) => {
    const release = holds.get(entry);
    const sink = engine.options().heldCookie;
    if (!entry.ended && engine.alive(entry) && sink !== false) {
      if (!release) holds.set(entry, holdReport(entry.report.request, sink));
    } else if (release) {
      holds.delete(entry);
      release();
    }
  };
}

/**
 * The boundary between the emulator's embed pages (src/pages/) and its state (src/state/).
 * The pages ask the backend whether a credential opens a page; the backend owns tickets, tokens,
 * works and the clock. Kept as an interface so the pages can be tested with a small fake.
 */
import type { EmulatorWorks, EmulatorWorksType } from './organization.js';

/** What an embed page request carries, read from its URL. */
export interface PageRequest {
  worksType: EmulatorWorksType;
  /** `pageId` or `id` from the URL (`copilotId` / `productId` on Smart Q and portal pages). */
  worksId: string | null;
  cmptId: string | null;
  accessTicket: string | null;
  accessToken: string | null;
}

export type PageAccess =
  | {
      ok: true;
      /** Opaque id of this page view; the page's periodic refresh presents it. */
      viewId: string;
      kind: 'ticket' | 'token';
      works: EmulatorWorks;
      cmptId: string | null;
      userId: string;
      /** WatermarkParam bound into the ticket, or null. */
      watermark: string | null;
      /** GlobalParam bound into the ticket, parsed (a JSON array), or null. */
      globalParam: unknown[] | null;
      /** When the credential expires, epoch ms on the emulator's clock. */
      expiresAt: number;
      /** Data portals: the works the portal's menus link to. */
      portalWorks?: EmulatorWorks[];
    }
  | {
      ok: false;
      /** Quick BI's code, e.g. `Authorize3rdTicket.Expired`. */
      code: string;
      /** The text Quick BI shows inside the page, e.g. `Ticket[xxx]has expired`. */
      message: string;
    };

export interface PageBackend {
  /** One page load. Consumes one ticket use when it succeeds. */
  openPage(request: PageRequest): PageAccess;
  /**
   * The page's periodic data refresh: is the credential behind this view still valid?
   * Consumes nothing. An expired (or deleted) credential answers `ok: false` with Quick BI's text.
   */
  refreshView(viewId: string): PageAccess;
  /** The emulator's clock (epoch ms), which tests can move. */
  now(): number;
}

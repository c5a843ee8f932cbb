/**
 * The boundary between the emulator's embed pages (src/pages/) and its state (src/state/).
 * The pages ask the backend whether a credential opens a page; the backend owns tickets, tokens,
 * works and the clock. Kept as an interface so the pages can be tested with a small fake.
 */

export type EmulatorWorksType =
  | 'dashboard'
  | 'workbook'
  | 'dataScreen'
  | 'selfServiceDownload'
  | 'adHocAnalysis'
  | 'dataEntryForm'
  /** A data portal (数据门户): a menu of other works (ListPortalMenus). */
  | 'dataPortal'
  /** A Smart Q (智能小Q) module: embedded with CreateTicket4Copilot, not CreateTicket. */
  | 'copilot';

/**
 * One data-portal menu entry, as ListPortalMenus documents it (spec §1.7, help.aliyun.com
 * api-listportalmenus-213486). `menuType`: 0 dashboard, 1 external link, 2 workbook, 4 folder,
 * 5 form entry, 6 self-service download.
 */
export interface EmulatorPortalMenu {
  menuId: string;
  menuName: string;
  menuType: 0 | 1 | 2 | 4 | 5 | 6;
  /** The linked works id, or the URL of an external link; absent on folders. */
  uri?: string;
  /** Shown only to users granted it (`readers`). */
  showOnlyWithAccess: boolean;
  /** UserIds granted this menu; absent = everyone in the organisation. */
  readers?: string[];
  children?: EmulatorPortalMenu[];
}

export interface EmulatorComponent {
  cmptId: string;
  name: string;
  /** What the component shows in the sample page. */
  kind: 'table' | 'bar' | 'kpi';
}

export interface EmulatorWorks {
  worksId: string;
  name: string;
  worksType: EmulatorWorksType;
  /** Only published works can be embedded. */
  published: boolean;
  /** Per-report embedding switch (UpdateEmbeddedStatus / ThirdPartAuthFlag). */
  embedEnabled: boolean;
  /** Dashboard components (cmptId) that can be embedded alone. */
  components: EmulatorComponent[];
  /** Global parameters the report defines (paramKey); a ticket may only bind these. */
  globalParamKeys: string[];
  workspaceId: string;
  ownerUserId: string;
  /** Data portals only: the menu tree. */
  menus?: EmulatorPortalMenu[];
}

export interface EmulatorUser {
  userId: string;
  accountName: string;
  /** Quick BI AccountType (1 Alibaba Cloud, 3 Quick BI, 4 DingTalk, 5 RAM, 6 third party, 9 WeCom, 10 Lark). */
  accountType: number;
  nickName: string;
}

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

/**
 * The organisation model: works, users, portal menus. The bottom layer of the emulator: it imports
 * nothing, and state/, openapi/, pages/ and the sample organisation all build on it.
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

function cloneMenus(menus: readonly EmulatorPortalMenu[]): EmulatorPortalMenu[] {
  return menus.map((m) => ({
    ...m,
    ...(m.readers ? { readers: [...m.readers] } : {}),
    ...(m.children ? { children: cloneMenus(m.children) } : {}),
  }));
}

export function cloneUsers(list: readonly EmulatorUser[]): EmulatorUser[] {
  return list.map((u) => ({ ...u }));
}

/** Deep copies, so a run that edits works (UpdateEmbeddedStatus) never leaks into the next. */
export function cloneWorks(list: readonly EmulatorWorks[]): EmulatorWorks[] {
  return list.map((w) => ({
    ...w,
    components: w.components.map((c) => ({ ...c })),
    globalParamKeys: [...w.globalParamKeys],
    ...(w.menus ? { menus: cloneMenus(w.menus) } : {}),
  }));
}

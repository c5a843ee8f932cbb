/**
 * What a user may embed, for the app's pickers and menus: the organisation's embedded works
 * (GetWorksEmbedList, every page) narrowed by the app's own rule, and a data portal's menu
 * (ListPortalMenus for that user) as entries the app can embed one by one with tickets — the
 * documented way to show a portal, since CreateTicket does not list portals.
 */
import type { WorksType } from '@quickbi-embed/core';
import type { QuickBIClient } from './client/createQuickBIClient.js';
import type { EmbeddedWorks, PortalMenu } from './client/embedActionTypes.js';

export interface ListEmbeddableWorksOptions {
  workspaceId?: string;
  worksType?: WorksType;
  keyword?: string;
  /** The app's rule for this user, usually the one its `authorize` applies. Default: all. */
  allow?: (works: EmbeddedWorks) => boolean | Promise<boolean>;
  /** Per GetWorksEmbedList call. Default 100. */
  pageSize?: number;
  /** Bound on upstream calls. Default 20 (2,000 works at the default page size). */
  maxPages?: number;
}

/** Every embedded works the app's rule lets this user embed, across all pages. */
export async function listEmbeddableWorks(
  client: Pick<QuickBIClient, 'getWorksEmbedList'>,
  options: ListEmbeddableWorksOptions = {},
): Promise<EmbeddedWorks[]> {
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 20;
  const found: EmbeddedWorks[] = [];
  for (let pageNo = 1; pageNo <= maxPages; pageNo += 1) {
    const page = await client.getWorksEmbedList({
      pageNo,
      pageSize,
      ...(options.workspaceId !== undefined ? { workspaceId: options.workspaceId } : {}),
      ...(options.worksType !== undefined ? { worksType: options.worksType } : {}),
      ...(options.keyword !== undefined ? { keyword: options.keyword } : {}),
    });
    for (const works of page.works) {
      // A works type we cannot embed (unknown wire name) is never offered.
      if (works.worksType === undefined) continue;
      if (!options.allow || (await options.allow(works))) found.push(works);
    }
    if (pageNo >= page.totalPages || page.works.length === 0) break;
  }
  return found;
}

/** ListPortalMenus' `menuType` → the works type a ticket embeds (1 link and 4 folder embed nothing). */
export const PORTAL_MENU_WORKS_TYPE: Readonly<Record<number, WorksType>> = {
  0: 'dashboard',
  2: 'workbook',
  5: 'dataEntryForm',
  6: 'selfServiceDownload',
};

export interface PortalEntry {
  menuId: string;
  name: string;
  /** Folder names above the entry, outermost first. */
  folders: string[];
  worksId: string;
  worksType: WorksType;
}

export interface PortalLink {
  menuId: string;
  name: string;
  folders: string[];
  url: string;
}

/**
 * A portal's menu as this user sees it: embeddable entries (each a works to embed with a ticket)
 * and external links. Entries whose works the user may not open (`dependentPermisson: false`)
 * are left out.
 */
export async function listPortalEntries(
  client: Pick<QuickBIClient, 'listPortalMenus'>,
  input: { dataPortalId: string; userId?: string },
): Promise<{ entries: PortalEntry[]; links: PortalLink[] }> {
  const { menus } = await client.listPortalMenus(input);
  const entries: PortalEntry[] = [];
  const links: PortalLink[] = [];
  const walk = (list: readonly PortalMenu[], folders: string[]) => {
    for (const menu of list) {
      if (menu.children.length > 0 || menu.menuType === 4) {
        walk(menu.children, [...folders, menu.name]);
        continue;
      }
      if (!menu.uri || !menu.hasPermission) continue;
      const worksType = PORTAL_MENU_WORKS_TYPE[menu.menuType];
      if (worksType) {
        entries.push({
          menuId: menu.menuId,
          name: menu.name,
          folders,
          worksId: menu.uri,
          worksType,
        });
      } else if (menu.menuType === 1 && /^https?:\/\//.test(menu.uri)) {
        links.push({ menuId: menu.menuId, name: menu.name, folders, url: menu.uri });
      }
    }
  };
  walk(menus, []);
  return { entries, links };
}

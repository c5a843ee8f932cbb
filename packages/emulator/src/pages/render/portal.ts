/**
 * A data portal (数据门户) page: its menu (filtered for the ticket's user the way ListPortalMenus
 * filters for a UserId) beside the selected menu entry's works. Menu clicks swap the body through
 * the view endpoint, so moving around the portal consumes no ticket use. UNCONFIRMED: Quick BI
 * documents no ticket embed of a portal; this page exists for the emulator's portal option.
 */
import type { EmulatorPortalMenu, EmulatorWorks } from '../../model/organization.js';
import { escapeHtml } from '../escape.js';

const visible = (menu: EmulatorPortalMenu, userId: string) =>
  !menu.showOnlyWithAccess || menu.readers === undefined || menu.readers.includes(userId);

/** Menu entries that link to works, depth first, as this user sees them. */
export function portalLeaves(
  menus: readonly EmulatorPortalMenu[],
  userId: string,
): EmulatorPortalMenu[] {
  return menus
    .filter((m) => visible(m, userId))
    .flatMap((m) =>
      m.children ? portalLeaves(m.children, userId) : m.uri && m.menuType !== 1 ? [m] : [],
    );
}

function items(
  menus: readonly EmulatorPortalMenu[],
  userId: string,
  selected: string | null,
): string {
  return menus
    .filter((m) => visible(m, userId))
    .map((m) => {
      const name = escapeHtml(m.menuName);
      if (m.children) {
        return `<li class="folder"><span>${name}</span><ul>${items(m.children, userId, selected)}</ul></li>`;
      }
      if (m.menuType === 1 && m.uri) {
        return `<li><a href="${escapeHtml(m.uri)}" target="_blank" rel="noopener" data-testid="portal-link">${name}</a></li>`;
      }
      const current = m.menuId === selected ? ' aria-current="page"' : '';
      return `<li><a href="#" data-testid="portal-menu" data-menu-id="${escapeHtml(m.menuId)}"${current}>${name}</a></li>`;
    })
    .join('');
}

export function portalNav(works: EmulatorWorks, userId: string, selected: string | null): string {
  return `<nav class="portal-nav card" data-testid="portal-nav"><ul>${items(works.menus ?? [], userId, selected)}</ul></nav>`;
}

/** The selected entry (by menuId, else the first the user may see) and the works it links to. */
export function selectedMenu(
  portal: EmulatorWorks,
  userId: string,
  menuId: string | null,
): EmulatorPortalMenu | null {
  const leaves = portalLeaves(portal.menus ?? [], userId);
  return leaves.find((m) => m.menuId === menuId) ?? (menuId === null ? (leaves[0] ?? null) : null);
}

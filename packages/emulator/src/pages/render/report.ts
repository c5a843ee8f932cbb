/**
 * The report body for one page view: the sample rows filtered by the ticket's GlobalParam, laid
 * out for the works' type. Re-rendered by every periodic refresh, so it depends only on the access.
 */
import type { EmulatorComponent, EmulatorWorks } from '../../model/organization.js';
import { escapeHtml } from '../escape.js';
import { applyGlobalParam, parseGlobalParam } from '../globalParam.js';
import { MISMATCH_CODE, MISMATCH_TEXT, PageError } from '../pageError.js';
import { SAMPLE_ROWS } from '../sampleData.js';
import type { OrderRow } from '../sampleData.js';
import { totalsOf } from './aggregate.js';
import { queryBuilder } from './adHocAnalysis.js';
import { barChart, filterCaption, kpi, section, spreadsheet, table } from './components.js';
import { copilotBox, copilotRange } from './copilot.js';
import { entryForm, submittedRows } from './dataEntryForm.js';
import { portalNav, selectedMenu } from './portal.js';

export interface ReportInput {
  works: EmulatorWorks;
  /** The component to show alone, or null for the whole works. */
  cmptId: string | null;
  globalParam: unknown[] | null;
  /** The credential's user (portal menus are filtered for it). */
  userId?: string;
  /** Data portals: the menu entry to show (null = the first). */
  menuId?: string | null;
  /** Data portals: the works their menus link to. */
  portalWorks?: readonly EmulatorWorks[];
}

function salesKpi(rows: readonly OrderRow[]): string {
  return kpi('sales', '销售额 / Total sales', totalsOf(rows).sales);
}

function component(kind: EmulatorComponent['kind'], rows: readonly OrderRow[]): string {
  switch (kind) {
    case 'kpi':
      return salesKpi(rows);
    case 'bar':
      return barChart(rows);
    case 'table':
      return table(rows);
  }
}

function dashboard(input: ReportInput, rows: readonly OrderRow[]): string {
  if (input.cmptId !== null) {
    const found = input.works.components.find((item) => item.cmptId === input.cmptId);
    if (!found) throw new PageError(MISMATCH_CODE, MISMATCH_TEXT);
    return section(
      found.name,
      component(found.kind, rows),
      ` data-testid="component" data-cmpt-id="${escapeHtml(found.cmptId)}" data-kind="${found.kind}"`,
    );
  }
  return (
    `<div class="kpis">${salesKpi(rows)}</div>` +
    section('销售额 by 区域 / Sales by region', barChart(rows)) +
    section('订单明细 / Orders', table(rows))
  );
}

function dataScreen(rows: readonly OrderRow[]): string {
  const totals = totalsOf(rows);
  return (
    `<div class="kpis">${kpi('sales', '销售额 / Total sales', totals.sales)}` +
    `${kpi('orders', '订单数 / Orders', totals.orders, 0)}` +
    `${kpi('quantity', '数量 / Quantity', totals.quantity, 0)}</div>` +
    section('销售额 by 区域 / Sales by region', barChart(rows))
  );
}

function selfServiceDownload(rows: readonly OrderRow[]): string {
  return (
    `<div class="toolbar"><span>自助取数 / Self-service download · ${rows.length} rows</span>` +
    `<button type="button" data-testid="download" disabled>下载 / Download</button></div>` +
    table(rows)
  );
}

function portalBody(input: ReportInput): string {
  const userId = input.userId ?? input.works.ownerUserId;
  const menu = selectedMenu(input.works, userId, input.menuId ?? null);
  if (!menu) throw new PageError(MISMATCH_CODE, MISMATCH_TEXT);
  const linked = input.portalWorks?.find((w) => w.worksId === menu.uri);
  const body =
    linked && linked.published && linked.embedEnabled && linked.worksType !== 'dataPortal'
      ? renderReport({ works: linked, cmptId: null, globalParam: input.globalParam })
      : `<p class="empty" data-testid="portal-unavailable">无权限或未开通嵌入 / Not available</p>`;
  return (
    `<div data-testid="portal-body" data-menu-id="${escapeHtml(menu.menuId)}" ` +
    `data-linked-works-id="${escapeHtml(menu.uri ?? '')}"><h2>${escapeHtml(menu.menuName)}</h2>${body}</div>`
  );
}

/**
 * The interactive part of a page, rendered once outside the refreshed report body so a refresh
 * never wipes what the user typed: the entry form, the Smart Q box, the portal menu.
 */
export function renderTools(input: ReportInput): string {
  switch (input.works.worksType) {
    case 'dataEntryForm':
      return entryForm();
    case 'copilot':
      return copilotBox();
    case 'dataPortal': {
      const userId = input.userId ?? input.works.ownerUserId;
      const menu = selectedMenu(input.works, userId, input.menuId ?? null);
      return portalNav(input.works, userId, menu?.menuId ?? null);
    }
    default:
      return '';
  }
}

/** Throws PageError with Quick BI's code and text when the GlobalParam or cmptId cannot apply. */
export function renderReport(input: ReportInput): string {
  if (input.works.worksType === 'dataPortal') return portalBody(input);
  const conditions = parseGlobalParam(input.globalParam);
  const rows = applyGlobalParam(SAMPLE_ROWS, input.globalParam, input.works.globalParamKeys);
  const caption = filterCaption(conditions);
  switch (input.works.worksType) {
    case 'dashboard':
      return caption + dashboard(input, rows);
    case 'workbook':
      return caption + spreadsheet(rows);
    case 'dataScreen':
      return caption + dataScreen(rows);
    case 'selfServiceDownload':
      return caption + selfServiceDownload(rows);
    case 'adHocAnalysis':
      return caption + queryBuilder(rows);
    case 'dataEntryForm':
      return caption + submittedRows(rows);
    case 'copilot':
      return copilotRange(rows);
  }
}

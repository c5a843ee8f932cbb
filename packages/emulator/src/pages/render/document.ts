/** Whole HTML documents: a report page and an error page, each self-contained. */
import type { EmulatorWorksType } from '../../model/organization.js';
import { escapeHtml, jsonForScript } from '../escape.js';
import { errorView } from './errorView.js';
import { formatClock } from './format.js';
import { HEIGHT_SCRIPT, REFRESH_SCRIPT } from './pageScript.js';
import { EXTRA_PAGE_CSS, PAGE_CSS } from './styles.js';
import { TOOLS_SCRIPT } from './toolsScript.js';
import { watermarkOverlay } from './watermark.js';

interface ScriptConfig {
  pageId: string;
  viewId: string | null;
  refreshIntervalMs: number;
  refreshUrl: string | null;
  /** Re-renders the view on demand (portal menu clicks); consumes nothing. */
  viewUrl?: string;
  /** Smart Q pages: where questions go. */
  askUrl?: string;
}

function shell(options: {
  title: string;
  bodyClass: string;
  root: string;
  state: 'report' | 'error';
  overlay: string;
  config: ScriptConfig;
  /** The page has an interactive part (form, Smart Q, portal menu). */
  tools?: boolean;
  /** The page posts `{height, pageId}` and answers `getDashboardHeight` (see `speaksHeight`). */
  postsHeight: boolean;
}): string {
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escapeHtml(options.title)}</title><style>${PAGE_CSS}${EXTRA_PAGE_CSS}</style></head>` +
    `<body class="${options.bodyClass}">` +
    `<div id="qbi-root" data-page-state="${options.state}">${options.root}</div>${options.overlay}` +
    `<script type="application/json" id="qbi-page-config">${jsonForScript(options.config)}</script>` +
    (options.postsHeight ? `<script id="qbi-height-script">${HEIGHT_SCRIPT}</script>` : '') +
    `<script id="qbi-refresh-script">${REFRESH_SCRIPT}</script>` +
    (options.tools ? `<script>${TOOLS_SCRIPT}</script>` : '') +
    '</body></html>'
  );
}

const BODY_CLASS: Record<EmulatorWorksType, string> = {
  dashboard: 'dashboard',
  workbook: 'workbook',
  dataScreen: 'data-screen',
  selfServiceDownload: 'self-service-download',
  adHocAnalysis: 'ad-hoc-analysis',
  dataEntryForm: 'data-entry-form',
  dataPortal: 'data-portal',
  copilot: 'copilot',
};

export interface ReportDocument {
  title: string;
  worksId: string;
  worksType: EmulatorWorksType;
  /** The report body from renderReport. */
  report: string;
  /** The page's interactive part from renderTools, kept outside the refreshed body. */
  tools?: string;
  viewUrl?: string;
  askUrl?: string;
  watermark: string | null;
  viewId: string;
  refreshIntervalMs: number;
  refreshUrl: string;
  /** Emulator clock at load, epoch ms. */
  loadedAt: number;
  /** Whether this page speaks the height channel (`speaksHeight(postHeightOn, worksType)`). */
  postsHeight: boolean;
}

export function reportDocument(page: ReportDocument): string {
  const refreshing = page.refreshIntervalMs > 0;
  const status = refreshing
    ? `<div class="status">刷新 / Refreshes: <span data-testid="refresh-count">0</span> · ` +
      `last refreshed at <span data-testid="last-refreshed" data-epoch-ms="${page.loadedAt}">` +
      `${escapeHtml(formatClock(page.loadedAt))}</span></div>`
    : '';
  // Quick BI supports no watermark on data screens.
  const showWatermark =
    page.watermark !== null && page.watermark !== '' && page.worksType !== 'dataScreen';
  return shell({
    title: page.title,
    bodyClass: BODY_CLASS[page.worksType],
    state: 'report',
    root:
      `<header class="page-header"><h1 data-testid="title">${escapeHtml(page.title)}</h1>${status}</header>` +
      `<div class="page-body">${page.tools ?? ''}<main id="qbi-report" data-works-id="${escapeHtml(page.worksId)}" data-works-type="${page.worksType}">` +
      `${page.report}</main></div>`,
    overlay: showWatermark ? watermarkOverlay(page.watermark ?? '') : '',
    tools: Boolean(page.tools),
    postsHeight: page.postsHeight,
    config: {
      pageId: page.worksId,
      viewId: page.viewId,
      refreshIntervalMs: page.refreshIntervalMs,
      refreshUrl: refreshing ? page.refreshUrl : null,
      ...(page.viewUrl ? { viewUrl: page.viewUrl } : {}),
      ...(page.askUrl ? { askUrl: page.askUrl } : {}),
    },
  });
}

/** Quick BI's own error page; it speaks the height channel only when `postsHeight` (`'all'`). */
export function errorDocument(
  pageId: string,
  code: string,
  message: string,
  postsHeight: boolean,
): string {
  return shell({
    title: 'Quick BI',
    bodyClass: 'error',
    state: 'error',
    root: errorView(code, message),
    overlay: '',
    postsHeight,
    config: { pageId, viewId: null, refreshIntervalMs: 0, refreshUrl: null },
  });
}

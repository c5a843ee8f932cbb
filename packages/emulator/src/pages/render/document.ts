/** Whole HTML documents: a report page and an error page, each self-contained. */
import type { EmulatorWorksType } from '../backend.js';
import { escapeHtml, jsonForScript } from '../escape.js';
import { errorView } from './errorView.js';
import { formatClock } from './format.js';
import { PAGE_SCRIPT } from './pageScript.js';
import { PAGE_CSS } from './styles.js';
import { watermarkOverlay } from './watermark.js';

interface ScriptConfig {
  pageId: string;
  viewId: string | null;
  refreshIntervalMs: number;
  refreshUrl: string | null;
}

function shell(options: {
  title: string;
  bodyClass: string;
  root: string;
  state: 'report' | 'error';
  overlay: string;
  config: ScriptConfig;
}): string {
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escapeHtml(options.title)}</title><style>${PAGE_CSS}</style></head>` +
    `<body class="${options.bodyClass}">` +
    `<div id="qbi-root" data-page-state="${options.state}">${options.root}</div>${options.overlay}` +
    `<script type="application/json" id="qbi-page-config">${jsonForScript(options.config)}</script>` +
    `<script>${PAGE_SCRIPT}</script></body></html>`
  );
}

const BODY_CLASS: Record<EmulatorWorksType, string> = {
  dashboard: 'dashboard',
  workbook: 'workbook',
  dataScreen: 'data-screen',
  selfServiceDownload: 'self-service-download',
};

export interface ReportDocument {
  title: string;
  worksId: string;
  worksType: EmulatorWorksType;
  /** The report body from renderReport. */
  report: string;
  watermark: string | null;
  viewId: string;
  refreshIntervalMs: number;
  refreshUrl: string;
  /** Emulator clock at load, epoch ms. */
  loadedAt: number;
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
      `<main id="qbi-report" data-works-id="${escapeHtml(page.worksId)}" data-works-type="${page.worksType}">` +
      `${page.report}</main>`,
    overlay: showWatermark ? watermarkOverlay(page.watermark ?? '') : '',
    config: {
      pageId: page.worksId,
      viewId: page.viewId,
      refreshIntervalMs: page.refreshIntervalMs,
      refreshUrl: refreshing ? page.refreshUrl : null,
    },
  });
}

export function errorDocument(pageId: string, code: string, message: string): string {
  return shell({
    title: 'Quick BI',
    bodyClass: 'error',
    state: 'error',
    root: errorView(code, message),
    overlay: '',
    config: { pageId, viewId: null, refreshIntervalMs: 0, refreshUrl: null },
  });
}

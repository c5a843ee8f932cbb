/** Serves the embed pages and their refresh endpoint on the emulator's port. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PageAccess, PageBackend } from '../model/pageAccess.js';
import type { PagePaths } from '../model/unconfirmed.js';
import { PageError } from './pageError.js';
import { errorDocument, reportDocument } from './render/document.js';
import { errorView } from './render/errorView.js';
import { formatClock } from './render/format.js';
import { speaksHeight, type PostHeightOn } from './render/pageScript.js';
import { answerQuestion } from './copilotAnswer.js';
import { renderReport, renderTools } from './render/report.js';
import { ASK_PATH, REFRESH_PATH, pageTypeOf, readPageRequest } from './routes.js';

export interface PageHandlerOptions {
  backend: PageBackend;
  /** How often an open page re-checks its credential and re-renders; 0 turns refresh off. */
  refreshIntervalMs: number;
  /** Which pages post `{height, pageId}` and answer `getDashboardHeight` (see `speaksHeight`). */
  postHeightOn: PostHeightOn;
  /** Paths of the works types Quick BI documents no page URL for. Default `DEFAULT_PAGE_PATHS`. */
  pagePaths?: Readonly<PagePaths>;
}

export type PageHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

const INTERNAL_ERROR = {
  code: 'Internal.System.Error',
  message: 'An internal system error occurred.',
};

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'cache-control': 'no-store',
    'content-length': new TextEncoder().encode(body).byteLength,
  });
  res.end(body);
}

type Rendered = { ok: true; html: string } | { ok: false; code: string; message: string };

function reportInput(
  access: PageAccess & { ok: true },
  cmptId: string | null,
  menuId: string | null,
) {
  return {
    works: access.works,
    cmptId: cmptId ?? access.cmptId,
    globalParam: access.globalParam,
    userId: access.userId,
    menuId,
    ...(access.portalWorks ? { portalWorks: access.portalWorks } : {}),
  };
}

function renderAccess(
  access: PageAccess & { ok: true },
  cmptId: string | null,
  menuId: string | null = null,
): Rendered {
  try {
    const html = renderReport(reportInput(access, cmptId, menuId));
    return { ok: true, html };
  } catch (error) {
    if (error instanceof PageError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

function refreshUrl(viewId: string, cmptId: string | null): string {
  const query = new URLSearchParams({ viewId });
  if (cmptId !== null) query.set('cmptId', cmptId);
  return `${REFRESH_PATH}?${query.toString()}`;
}

export function createPageHandler(options: PageHandlerOptions): PageHandler {
  const { backend } = options;
  const refreshIntervalMs = Math.max(0, options.refreshIntervalMs);
  const errorPage = (pageId: string, code: string, message: string) =>
    errorDocument(pageId, code, message, speaksHeight(options.postHeightOn, null));

  function servePage(
    res: ServerResponse,
    url: URL,
    worksType: NonNullable<ReturnType<typeof pageTypeOf>>,
  ) {
    const request = readPageRequest(worksType, url);
    const pageId = request.worksId ?? '';
    let access: PageAccess;
    try {
      access = backend.openPage(request);
    } catch {
      send(
        res,
        500,
        'text/html; charset=utf-8',
        errorPage(pageId, INTERNAL_ERROR.code, INTERNAL_ERROR.message),
      );
      return;
    }
    // Like Quick BI, a refused page is still a 200 page that shows the error text.
    if (!access.ok) {
      send(res, 200, 'text/html; charset=utf-8', errorPage(pageId, access.code, access.message));
      return;
    }
    const menuId = url.searchParams.get('menuId') || null;
    const rendered = renderAccess(access, request.cmptId, menuId);
    if (!rendered.ok) {
      send(
        res,
        200,
        'text/html; charset=utf-8',
        errorPage(pageId, rendered.code, rendered.message),
      );
      return;
    }
    const html = reportDocument({
      title: access.works.name,
      worksId: access.works.worksId,
      worksType: access.works.worksType,
      report: rendered.html,
      tools: renderTools(reportInput(access, request.cmptId, menuId)),
      viewUrl: refreshUrl(access.viewId, request.cmptId),
      ...(access.works.worksType === 'copilot'
        ? { askUrl: `${ASK_PATH}?${new URLSearchParams({ viewId: access.viewId }).toString()}` }
        : {}),
      watermark: access.watermark,
      viewId: access.viewId,
      refreshIntervalMs,
      refreshUrl: refreshUrl(access.viewId, request.cmptId),
      loadedAt: backend.now(),
      postsHeight: speaksHeight(options.postHeightOn, access.works.worksType),
    });
    send(res, 200, 'text/html; charset=utf-8', html);
  }

  function serveRefresh(res: ServerResponse, url: URL) {
    const viewId = url.searchParams.get('viewId');
    const json = (status: number, body: unknown) =>
      send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
    if (!viewId) {
      json(400, {
        ok: false,
        code: 'Invalid.Parameter.Error',
        message: 'The parameter is invalid:viewId',
      });
      return;
    }
    let outcome: Rendered;
    try {
      const access = backend.refreshView(viewId);
      outcome = access.ok
        ? renderAccess(
            access,
            url.searchParams.get('cmptId') || null,
            url.searchParams.get('menuId') || null,
          )
        : access;
    } catch {
      outcome = { ok: false, ...INTERNAL_ERROR };
    }
    if (outcome.ok) {
      const now = backend.now();
      json(200, {
        ok: true,
        html: outcome.html,
        refreshedAt: formatClock(now),
        refreshedAtMs: now,
      });
    } else {
      const { code, message } = outcome;
      json(200, { ok: false, code, message, html: errorView(code, message) });
    }
  }

  /** A Smart Q question: answered from the sample data while the view's ticket is still valid. */
  function serveAsk(res: ServerResponse, url: URL) {
    const json = (status: number, body: unknown) =>
      send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
    const viewId = url.searchParams.get('viewId');
    const question = (url.searchParams.get('q') ?? '').trim();
    if (!viewId || question === '' || question.length > 500) {
      json(400, {
        ok: false,
        code: 'Invalid.Parameter.Error',
        message: 'The parameter is invalid:q',
      });
      return;
    }
    let access: PageAccess;
    try {
      access = backend.refreshView(viewId);
    } catch {
      json(200, { ok: false, ...INTERNAL_ERROR });
      return;
    }
    if (!access.ok) {
      json(200, {
        ok: false,
        code: access.code,
        message: access.message,
        html: errorView(access.code, access.message),
      });
      return;
    }
    if (access.works.worksType !== 'copilot') {
      json(400, {
        ok: false,
        code: 'Invalid.Parameter.Error',
        message: 'The parameter is invalid:viewId',
      });
      return;
    }
    json(200, { ok: true, answer: answerQuestion(question) });
  }

  return (req, res, url) => {
    const worksType = pageTypeOf(url.pathname, options.pagePaths);
    if (url.pathname === ASK_PATH) {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Method Not Allowed');
      } else serveAsk(res, url);
      return true;
    }
    if (worksType === null && url.pathname !== REFRESH_PATH) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed');
      return true;
    }
    if (worksType === null) serveRefresh(res, url);
    else servePage(res, url, worksType);
    return true;
  };
}

import type { QuickBIClientAdapter } from './adapter.js';
import type { Credential } from './contract.js';
import type { EmbedEvents } from './embed.js';
import { EmbedEngine } from './embedEngine.js';
import type { EmbedEngineOptions, ReportRequest } from './engineTypes.js';
import { DEV } from './development.js';
import { ERROR_TEXT, errorKind } from './errorKind.js';
import { askReportHeight, watchReportHeight } from './heightWatcher.js';
import { UI_TEXT } from './strings.js';

export interface MountQuickBIReportOptions
  extends ReportRequest, EmbedEvents, Partial<Omit<EmbedEngineOptions, 'adapter'>> {
  /** The page's engine: mounts (and React providers) sharing one share credentials and uses. */
  engine?: EmbedEngine;
  /** Without `engine`: how to reach the app's server; an engine is created for this mount. */
  adapter?: QuickBIClientAdapter;
  /** The iframe's accessible name. */
  title: string;
  /** Pixels, or `auto` to follow the height the dashboard posts (400 px until it does). */
  height?: 'auto' | number;
  /** A credential the server prefetched for this page: loads without another call or use. */
  initialCredential?: Credential;
  locale?: 'en' | 'zh-CN';
  /** Quick BI showed the report: the dashboard posted its height. Other works types post nothing. */
  onLoad?: () => void;
  /** The iframe finished loading a page (Quick BI's own error pages too). */
  onFrameLoad?: () => void;
}

export interface MountedQuickBIReport {
  engine: EmbedEngine;
  retry(): void;
  unmount(): void;
}

/**
 * Embeds a report into `element` without any framework: the same engine as the React binding
 * (renewal in place, one credential shared, ticket uses counted per page), plain DOM.
 */
export function mountQuickBIReport(
  element: HTMLElement,
  options: MountQuickBIReportOptions,
): MountedQuickBIReport {
  const {
    title,
    height = 'auto',
    locale = 'en',
    worksId,
    worksType,
    cmptId,
    credential,
    filters,
  } = options;
  const { adapter, timers, renewal, reportOrigin, seed, recoveries, heldCookie } = options;
  const engine =
    options.engine ??
    new EmbedEngine({
      adapter: adapter!,
      timers,
      renewal,
      reportOrigin,
      seed,
      recoveries,
      heldCookie,
    });
  const embed = engine.embed(options);
  const doc = element.ownerDocument;
  const frame = doc.createElement('iframe');
  const notice = doc.createElement('div');
  const words = doc.createElement('span');
  // In development the server's own message (it names the fix) shows under the code.
  const detail = doc.createElement('small');
  detail.style.display = 'block';
  const button = doc.createElement('button');
  let posted: number | undefined;
  let shownSrc: string | undefined;
  let stopWatching = () => {};
  frame.title = title;
  frame.style.cssText = 'border:0;width:100%;display:block';
  button.type = 'button';
  button.textContent = UI_TEXT[locale].retry;
  button.onclick = () => embed.retry();

  const render = () => {
    const { src, error } = embed.getState();
    frame.style.height = `${height === 'auto' ? (posted ?? 400) : height}px`;
    if (src) {
      if (src !== shownSrc) {
        frame.src = shownSrc = src;
        posted = undefined;
        stopWatching();
        stopWatching = watchReportHeight(
          () => frame,
          src,
          worksId,
          (px, first) => {
            if (first) options.onLoad?.();
            posted = px;
            render();
          },
        );
      }
      if (frame.parentNode !== element) element.replaceChildren(frame);
      return;
    }
    shownSrc = undefined;
    stopWatching();
    notice.setAttribute('role', error ? 'alert' : 'status');
    notice.setAttribute('aria-label', title);
    words.textContent = error
      ? `${ERROR_TEXT[locale][errorKind(error)]} (${error.code}) `
      : UI_TEXT[locale].loading;
    detail.textContent = error ? error.message : '';
    notice.replaceChildren(
      ...(error ? (DEV ? [words, button, detail] : [words, button]) : [words]),
    );
    if (notice.parentNode !== element) element.replaceChildren(notice);
  };

  frame.onload = () => {
    if (shownSrc) askReportHeight(frame, shownSrc);
    options.onFrameLoad?.();
  };
  const unsubscribe = engine.subscribe(render);
  const report = engine.report({ worksId, worksType, cmptId, credential, filters });
  const release = embed.attach(report, options.initialCredential);
  render();
  return {
    engine,
    retry: () => embed.retry(),
    unmount() {
      unsubscribe();
      release();
      stopWatching();
      element.replaceChildren();
    },
  };
}

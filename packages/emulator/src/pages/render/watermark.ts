/** The ticket's WatermarkParam tiled over the page; never on data screens (Quick BI has none there). */
import { escapeHtml } from '../escape.js';

const TILES = 60;

export function watermarkOverlay(text: string): string {
  const safe = escapeHtml(text);
  const tile = `<span class="wm-tile">${safe}</span>`;
  return (
    `<div class="watermark" data-testid="watermark" data-watermark-text="${safe}" aria-hidden="true">` +
    `${tile.repeat(TILES)}</div>`
  );
}

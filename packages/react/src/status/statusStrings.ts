import type { QuickBILocale } from '../context.js';

export const statusStrings: Record<
  QuickBILocale,
  Record<'watermark' | 'none' | 'filters' | 'uses' | 'left' | 'expired' | 'renewing', string>
> = {
  en: {
    watermark: 'Watermark',
    none: 'none',
    filters: 'Filters',
    uses: 'Uses',
    left: 'Expires in',
    expired: 'Expired',
    renewing: 'Renewing…',
  },
  'zh-CN': {
    watermark: '水印',
    none: '无',
    filters: '全局参数',
    uses: '已用次数',
    left: '剩余时间',
    expired: '已过期',
    renewing: '续期中…',
  },
};

/** `1:05:09`, `4:59`, `0:42`. */
export function formatTimeLeft(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return (h ? `${h}:${pad(Math.floor(s / 60) % 60)}` : Math.floor(s / 60)) + ':' + pad(s % 60);
}

/** Inline CSS for every embed page: pages are self-contained, with no external assets. */
export const PAGE_CSS = `
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font:14px/1.5 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2329;background:#f5f6f8}
#qbi-root{padding:16px}
.page-header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:8px;margin-bottom:12px}
.page-header h1{font-size:18px;margin:0}
.status{font-size:12px;color:#646a73}
.filters{font-size:12px;color:#3370ff;background:#eef3ff;border-radius:4px;padding:4px 8px;margin-bottom:12px}
.filters ul{display:inline;margin:0;padding:0}
.filters li{display:inline;margin-left:8px}
.kpis{display:flex;gap:12px;margin-bottom:12px;flex-wrap:wrap}
.kpi{background:#fff;border-radius:6px;padding:12px 16px;min-width:180px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.kpi-label{font-size:12px;color:#646a73}
.kpi-value{font-size:26px;font-weight:600}
.card{background:#fff;border-radius:6px;padding:12px 16px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.06);overflow-x:auto}
.card h2{font-size:14px;margin:0 0 8px}
.chart .bar{fill:#3370ff}
.chart .axis{stroke:#c9cdd4}
.chart text{font-size:12px;fill:#646a73}
.data-table{border-collapse:collapse;width:100%;font-size:13px}
.data-table th,.data-table td{border-bottom:1px solid #eceef1;padding:4px 8px;text-align:left;white-space:nowrap}
.data-table th small{display:block;color:#8f959e;font-weight:400}
.sheet{border-collapse:collapse;font-size:13px;background:#fff}
.sheet th,.sheet td{border:1px solid #d0d3d6;padding:2px 8px;white-space:nowrap}
.sheet thead th,.sheet tbody th{background:#f2f3f5;color:#646a73;font-weight:400;text-align:center}
.sheet .header-cell{font-weight:600}
.toolbar{display:flex;justify-content:space-between;align-items:center;margin-bottom:8px}
.toolbar button[disabled]{cursor:not-allowed;opacity:.6}
.empty td{color:#8f959e;text-align:center}
.watermark{position:fixed;inset:0;pointer-events:none;user-select:none;overflow:hidden;z-index:2147483647;display:flex;flex-wrap:wrap;align-content:flex-start;gap:56px 72px;padding:24px;transform:rotate(-18deg) scale(1.4)}
.wm-tile{color:rgba(31,35,41,.12);font-size:14px;white-space:nowrap}
.qbi-error{display:flex;flex-direction:column;align-items:center;padding:48px 16px;color:#646a73;text-align:center}
.qbi-error-icon{width:40px;height:40px;border-radius:50%;background:#f54a45;color:#fff;font-weight:700;font-size:24px;line-height:40px}
.qbi-error-text{font-size:14px;word-break:break-all}
body.data-screen{background:#0b1a33;color:#e6f0ff}
.data-screen .page-header h1{font-size:24px;letter-spacing:2px;color:#7fd1ff}
.data-screen .status{color:#7f93b2}
.data-screen .kpi,.data-screen .card{background:#10264a;box-shadow:0 0 0 1px #1e3d6b inset}
.data-screen .kpi-label{color:#7f93b2}
.data-screen .kpi-value{color:#4fe3c1;font-size:34px}
.data-screen .chart .bar{fill:#4fe3c1}
.data-screen .chart text{fill:#9fb3d1}
.data-screen .filters{background:#10264a;color:#7fd1ff}
`;

/** Layout of the pages added for ad hoc analysis, data entry forms, Smart Q and portals. */
export const EXTRA_PAGE_CSS = `
.page-body{display:flex;gap:12px;align-items:flex-start}
.page-body>main{flex:1;min-width:0}
.query-builder{display:flex;gap:12px}
.qb-fields{background:#fff;border-radius:6px;padding:8px 12px;min-width:160px;font-size:13px}
.qb-fields h2,.qb-fields h3{font-size:13px;margin:4px 0}
.qb-fields ul{list-style:none;margin:0 0 8px;padding:0}
.qb-main{flex:1;min-width:0}
.qb-shelf{background:#fff;border:1px dashed #c9cdd4;border-radius:4px;padding:4px 8px;margin-bottom:8px;font-size:12px}
.chip{display:inline-block;background:#eef3ff;color:#3370ff;border-radius:10px;padding:0 8px;margin-left:6px}
.entry-form{display:flex;flex-direction:column;gap:6px;min-width:220px}
.entry-form label{display:flex;flex-direction:column;font-size:12px;color:#646a73}
.copilot{min-width:320px;max-width:420px}
.copilot-log{padding-left:18px;font-size:13px}
.copilot form{display:flex;gap:6px}
.copilot input{flex:1}
.portal-nav{min-width:180px}
.portal-nav ul{list-style:none;padding-left:12px;margin:0}
.portal-nav a[aria-current]{font-weight:600}
`;

/**
 * The kinds of Quick BI works that can be embedded with a ticket or token.
 * Our names, in the user's words; `QUICKBI_WORKS_TYPE` maps them to Quick BI's own
 * (`GetWorksEmbedList`'s `WorksType`: page, report, screen, dashboardOfflineQuery, ANALYSIS,
 * dataForm — https://help.aliyun.com/zh/quick-bi/developer-reference/api-quickbi-public-2022-01-01-getworksembedlist).
 * CreateTicket embeds all six: "目前支持仪表板、电子表格、数据大屏、自助取数、即席分析和数据填报"
 * (https://help.aliyun.com/zh/quick-bi/developer-reference/api-quickbi-public-2022-01-01-createticket).
 */
export const WORKS_TYPES = [
  'dashboard',
  'workbook',
  'dataScreen',
  'selfServiceDownload',
  'adHocAnalysis',
  'dataEntryForm',
] as const;

export type WorksType = (typeof WORKS_TYPES)[number];

export const QUICKBI_WORKS_TYPE: Record<WorksType, string> = {
  dashboard: 'page',
  workbook: 'report',
  dataScreen: 'screen',
  selfServiceDownload: 'dashboardOfflineQuery',
  adHocAnalysis: 'ANALYSIS',
  dataEntryForm: 'dataForm',
};

export function isWorksType(value: unknown): value is WorksType {
  return typeof value === 'string' && (WORKS_TYPES as readonly string[]).includes(value);
}

/** Our works type for one of Quick BI's `WorksType` wire names, or undefined. */
export function worksTypeFromQuickBI(value: unknown): WorksType | undefined {
  return WORKS_TYPES.find((type) => QUICKBI_WORKS_TYPE[type] === value);
}

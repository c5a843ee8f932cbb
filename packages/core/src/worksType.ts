/**
 * The kinds of Quick BI works that can be embedded with a ticket or token.
 * Our names, in the user's words; `QUICKBI_WORKS_TYPE` maps them to Quick BI's own
 * (`GetWorksEmbedList`'s `WorksType`).
 */
export const WORKS_TYPES = ['dashboard', 'workbook', 'dataScreen', 'selfServiceDownload'] as const;

export type WorksType = (typeof WORKS_TYPES)[number];

export const QUICKBI_WORKS_TYPE: Record<WorksType, string> = {
  dashboard: 'page',
  workbook: 'report',
  dataScreen: 'screen',
  selfServiceDownload: 'dashboardOfflineQuery',
};

export function isWorksType(value: unknown): value is WorksType {
  return typeof value === 'string' && (WORKS_TYPES as readonly string[]).includes(value);
}

/**
 * Quick BI global parameters (`GlobalParam`): row filters bound into a ticket.
 * Wire shape: a JSON array string, values as strings (shared/spec §4.3).
 */
export type GlobalParamOperator =
  | '='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'in'
  | 'not-in'
  | 'like'
  | 'contain'
  | 'start-with'
  | 'end-with'
  | 'between'
  // Quick BI's full operator list is not documented; keep unknown ones readable.
  | (string & {});

export interface GlobalParamCondition {
  operate: GlobalParamOperator;
  value: string | string[];
}

export interface GlobalParamItem {
  paramKey: string;
  /** Quick BI supports only `and`. */
  joinType: 'and';
  conditionList: GlobalParamCondition[];
}

export type GlobalParam = GlobalParamItem[];

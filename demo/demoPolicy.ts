/**
 * The demo's authorization policy: which report each demo user may open, with which row filters
 * (Quick BI global parameters) and which watermark. Everything that grants access is decided
 * here, on the server; the browser only names the report.
 */
import { isWorksType, type GlobalParam, type WorksType } from '@quickbi-embed/core';
import type { EmulatorWorks } from '@quickbi-embed/emulator';
import type { ChoosableFilters } from '@quickbi-embed/server';
import {
  DEMO_SCENARIO_HEADER,
  DEMO_SESSION_HEADER,
  DEMO_USER_COOKIE,
  DEMO_USER_HEADER,
  isDemoScenario,
  isDemoUserName,
  type DemoScenario,
  type DemoUserName,
} from './demoUsers.js';

interface DemoUserPolicy {
  /** The emulator's sample Quick BI user. */
  userId: string;
  watermark: string;
  globalParam: GlobalParam;
}

export const DEMO_USER_POLICIES: Record<DemoUserName, DemoUserPolicy> = {
  alice: {
    userId: 'user-alice-0001',
    watermark: 'alice@demo',
    globalParam: [
      { paramKey: 'region', joinType: 'and', conditionList: [{ operate: '=', value: '华东' }] },
    ],
  },
  bob: {
    userId: 'user-bob-0002',
    watermark: 'bob@demo',
    globalParam: [
      { paramKey: 'region', joinType: 'and', conditionList: [{ operate: '=', value: '华北' }] },
      {
        paramKey: 'product_type',
        joinType: 'and',
        conditionList: [{ operate: 'in', value: ['办公用品', '家具产品'] }],
      },
    ],
  },
};

export interface DemoAuthorizeInput {
  request: Request;
  worksId: string;
  worksType: WorksType;
  cmptId?: string | undefined;
  kind: 'token' | 'ticket';
}

export interface DemoPolicyOptions {
  /**
   * Global parameter keys each works defines. A ticket may bind only those, so the policy drops
   * the others. Unknown works get no global parameters.
   */
  paramKeysByWorks?: ReadonlyMap<string, readonly string[]>;
  /**
   * Dashboard components (`cmptId`) each works lets the demo users embed on their own. Unknown
   * works: none, only the whole report (the server refuses any other `cmptId`).
   */
  cmptIdsByWorks?: ReadonlyMap<string, readonly string[]>;
  /**
   * Reports every demo user may see whole and unmarked: no row filter and no watermark, so a
   * token is as strong as a ticket there and the policy allows both. Default none: tickets only.
   */
  openWorks?: ReadonlySet<string>;
  /**
   * Row filters the page may choose per works (`filters` on `QuickBIReport`), narrowing the
   * user's own global parameters. Unknown works: none (a chosen filter is FILTER_NOT_ALLOWED).
   */
  filtersByWorks?: ReadonlyMap<string, ChoosableFilters>;
  /** Override the Quick BI user per demo user (against the real Quick BI: your own user ids). */
  userIds?: Partial<Record<DemoUserName, string | null>>;
}

/** Reads the demo user from the `x-demo-user` header, then the `quickbi-demo-user` cookie. */
export function readDemoUser(request: Request): DemoUserName | null {
  const header = request.headers.get(DEMO_USER_HEADER);
  if (isDemoUserName(header)) return header;
  const cookie = request.headers.get('cookie') ?? '';
  for (const part of cookie.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === DEMO_USER_COOKIE && isDemoUserName(value)) return value;
  }
  return null;
}

export function readDemoScenario(request: Request): DemoScenario {
  const value = request.headers.get(DEMO_SCENARIO_HEADER);
  return isDemoScenario(value) ? value : 'default';
}

/** A short opaque session id, or null. */
export function readDemoSession(request: Request): string | null {
  const value = request.headers.get(DEMO_SESSION_HEADER);
  return value && /^[\w-]{1,64}$/.test(value) ? value : null;
}

export function createDemoPolicy(options: DemoPolicyOptions = {}) {
  return function authorize(input: DemoAuthorizeInput) {
    const user = readDemoUser(input.request);
    // No demo user: refuse, as a real app refuses a request without a session.
    if (!user) return null;
    const policy = DEMO_USER_POLICIES[user];
    const scenario = readDemoScenario(input.request);
    const keys = options.paramKeysByWorks?.get(input.worksId) ?? [];
    const globalParam = policy.globalParam.filter((item) => keys.includes(item.paramKey));
    const cmptIds = options.cmptIdsByWorks?.get(input.worksId) ?? [];
    const open = options.openWorks?.has(input.worksId) === true;
    const filters = options.filtersByWorks?.get(input.worksId);
    const userId = options.userIds?.[user] === undefined ? policy.userId : options.userIds[user];
    const session = readDemoSession(input.request);
    return {
      // Scenario and session are part of the subject so each gets its own cached credential.
      subject: [user, scenario, session].filter((part) => part && part !== 'default').join(':'),
      ...(userId ? { userId } : {}),
      // Components are granted one by one.
      ...(cmptIds.length > 0 ? { cmptIds: [...cmptIds] } : {}),
      // Tokens only for open reports: a token carries neither a row filter nor a watermark.
      ...(open
        ? { kinds: ['ticket', 'token'] as const }
        : {
            ...(globalParam.length > 0 ? { globalParam } : {}),
            ...(filters ? { filters } : {}),
            // Quick BI draws no watermark on data screens and documents none for them.
            ...(input.worksType === 'dataScreen' ? {} : { watermark: policy.watermark }),
          }),
      ...scenarioLimits(scenario),
    };
  };
}

function scenarioLimits(scenario: DemoScenario) {
  switch (scenario) {
    case 'short-lived':
      return { expireMinutes: 1, ticketUses: 20, renew: { topUpUses: 20, maxRenewals: 10_000 } };
    case 'low-budget':
      return { expireMinutes: 240, ticketUses: 3, renew: { topUpUses: 3 } };
    case 'no-top-up':
      return { expireMinutes: 240, ticketUses: 3, renew: { topUpUses: 0, maxRenewals: 0 } };
    default:
      return { expireMinutes: 240, ticketUses: 20, renew: { topUpUses: 20 } };
  }
}

/**
 * The handler options the dev server and the static Storybook share for the emulator's sample
 * org: the demo policy over its works (components granted one by one, tokens only for the open
 * Operations report, the sales dashboard narrowable by product type), and the works type read
 * from the emulator's catalogue, since the browser's hint is not trusted.
 */
export function sampleOrgHandlerOptions(works: readonly EmulatorWorks[]) {
  return {
    authorize: createDemoPolicy({
      paramKeysByWorks: new Map(works.map((w) => [w.worksId, w.globalParamKeys])),
      cmptIdsByWorks: new Map(works.map((w) => [w.worksId, w.components.map((c) => c.cmptId)])),
      openWorks: new Set(['dash-ops-0002']),
      filtersByWorks: new Map([
        ['dash-sales-0001', { product_type: { values: ['办公用品', '家具产品', '技术产品'] } }],
      ]),
    }),
    worksType: (worksId: string): WorksType | undefined => {
      const type = works.find((w) => w.worksId === worksId)?.worksType;
      // Portals and Smart Q modules are not embedded as one works (listPortalEntries, /copilot).
      return isWorksType(type) ? type : undefined;
    },
  };
}

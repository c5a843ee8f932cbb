import type { EmulatorUser, EmulatorWorks } from './model/organization.js';
export { cloneUsers, cloneWorks } from './model/organization.js';

/** The sample organisation every test, story and the README rely on. Keep these IDs stable. */
export const SAMPLE_ORGANIZATION_ID = 'org-demo-0001';
const WORKSPACE = 'ws-demo-0001';
const OWNER = 'user-alice-0001';

export const SAMPLE_USERS: readonly EmulatorUser[] = [
  { userId: 'user-alice-0001', accountName: 'alice', accountType: 1, nickName: 'Alice' },
  { userId: 'user-bob-0002', accountName: 'bob', accountType: 1, nickName: 'Bob' },
  { userId: 'user-carol-0003', accountName: 'demo:carol', accountType: 5, nickName: 'Carol' },
];

const SALES_PARAMS = ['region', 'product_type', 'price', 'order_date'];

const works = (w: Partial<EmulatorWorks> & Pick<EmulatorWorks, 'worksId' | 'name'>) =>
  ({
    worksType: 'dashboard',
    published: true,
    embedEnabled: true,
    components: [],
    globalParamKeys: SALES_PARAMS,
    workspaceId: WORKSPACE,
    ownerUserId: OWNER,
    ...w,
  }) satisfies EmulatorWorks;

export const SAMPLE_WORKS: readonly EmulatorWorks[] = [
  works({
    worksId: 'dash-sales-0001',
    name: 'Sales overview',
    components: [
      { cmptId: 'cmpt-sales-table', name: 'Orders', kind: 'table' },
      { cmptId: 'cmpt-sales-chart', name: 'Sales by region', kind: 'bar' },
      { cmptId: 'cmpt-sales-kpi', name: 'Total sales', kind: 'kpi' },
    ],
  }),
  works({ worksId: 'dash-ops-0002', name: 'Operations', globalParamKeys: ['region'] }),
  works({ worksId: 'book-finance-0001', name: 'Finance workbook', worksType: 'workbook' }),
  works({ worksId: 'screen-live-0001', name: 'Live sales screen', worksType: 'dataScreen' }),
  works({
    worksId: 'offline-export-0001',
    name: 'Order export',
    worksType: 'selfServiceDownload',
  }),
  works({ worksId: 'dash-private-0003', name: 'Private dashboard', embedEnabled: false }),
  works({ worksId: 'dash-draft-0004', name: 'Draft dashboard', published: false }),
  works({ worksId: 'analysis-orders-0001', name: 'Order analysis', worksType: 'adHocAnalysis' }),
  works({
    worksId: 'form-orders-0001',
    name: 'Order entry',
    worksType: 'dataEntryForm',
    globalParamKeys: [],
  }),
  works({
    worksId: 'portal-sales-0001',
    name: 'Sales portal',
    worksType: 'dataPortal',
    globalParamKeys: [],
    menus: [
      {
        menuId: 'menu-reports',
        menuName: '报表 / Reports',
        menuType: 4,
        showOnlyWithAccess: false,
        children: [
          {
            menuId: 'menu-sales',
            menuName: 'Sales overview',
            menuType: 0,
            uri: 'dash-sales-0001',
            showOnlyWithAccess: false,
          },
          {
            menuId: 'menu-finance',
            menuName: 'Finance workbook',
            menuType: 2,
            uri: 'book-finance-0001',
            showOnlyWithAccess: true,
            readers: ['user-alice-0001'],
          },
        ],
      },
      {
        menuId: 'menu-export',
        menuName: 'Order export',
        menuType: 6,
        uri: 'offline-export-0001',
        showOnlyWithAccess: false,
      },
      {
        menuId: 'menu-help',
        menuName: 'Help',
        menuType: 1,
        uri: 'https://help.aliyun.com/zh/quick-bi/',
        showOnlyWithAccess: false,
      },
    ],
  }),
  works({
    // A portal menu shown to everyone whose linked dashboard only Alice may open: ListPortalMenus
    // answers it with `dependentPermisson: false` for anyone else.
    worksId: 'portal-ops-0002',
    name: 'Operations portal',
    worksType: 'dataPortal',
    globalParamKeys: [],
    menus: [
      {
        menuId: 'menu-ops-restricted',
        menuName: 'Operations (Alice only)',
        menuType: 0,
        uri: 'dash-ops-0002',
        showOnlyWithAccess: false,
        readers: ['user-alice-0001'],
      },
      {
        menuId: 'menu-ops-sales',
        menuName: 'Sales overview',
        menuType: 0,
        uri: 'dash-sales-0001',
        showOnlyWithAccess: false,
      },
    ],
  }),
  works({
    worksId: 'copilot-sales-0001',
    name: 'Sales Smart Q',
    worksType: 'copilot',
    globalParamKeys: [],
  }),
];

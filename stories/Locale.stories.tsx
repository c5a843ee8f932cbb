import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { QuickBIReport } from '@quickbi-embed/react';
import { DemoProvider } from './DemoProvider.js';
import { loadedReport, CountedReport, errorAlert, SLOW } from './storyHelpers.js';

/** The provider's `locale` sets the library's own strings: status labels, loading and errors. */
const meta = {
  title: 'Locale',
  parameters: { quickbi: { provider: false } },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const LOCALES = ['zh-CN', 'en'] as const;

export const ZhCnAndEn: Story = {
  name: 'zh-CN and en',
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
      {LOCALES.map((locale) => (
        <section key={locale} lang={locale}>
          <h3>{locale}</h3>
          <DemoProvider locale={locale}>
            <CountedReport
              testId={locale}
              worksId="dash-sales-0001"
              title={`Sales (${locale})`}
              showStatus
            />
          </DemoProvider>
        </section>
      ))}
    </div>
  ),
  play: async ({ canvasElement }) => {
    const zh = within((await loadedReport(canvasElement, 'zh-CN')).box);
    await zh.findByText('水印', {}, SLOW);
    expect(zh.getByText('全局参数')).toBeVisible();
    expect(zh.getByText('剩余时间')).toBeVisible();
    expect(zh.queryByText('Watermark')).toBeNull();

    const en = within((await loadedReport(canvasElement, 'en')).box);
    await en.findByText('Watermark', {}, SLOW);
    expect(en.getByText('Filters')).toBeVisible();
    expect(en.getByText('Expires in')).toBeVisible();
    expect(en.queryByText('水印')).toBeNull();
  },
};

export const LoadingInChinese: Story = {
  name: 'zh-CN loading and error strings',
  render: () => (
    <DemoProvider locale="zh-CN">
      <QuickBIReport worksId="dash-private-0003" title="私有报表" />
    </DemoProvider>
  ),
  play: async ({ canvasElement }) => {
    // Embedding is off for this report: Quick BI refuses, and the message is in Chinese.
    const alert = await errorAlert(canvasElement, '您无权查看此报表。');
    expect(within(alert).getByRole('button', { name: '重试' })).toBeVisible();
  },
};

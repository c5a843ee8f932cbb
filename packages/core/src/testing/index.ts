/** `@quickbi-embed/core/testing`: test doubles for apps that embed Quick BI reports. */
export { createFakeAdapter, FAKE_REPORT_ORIGIN } from './fakeAdapter.js';
export type {
  FakeAdapter,
  FakeAdapterCall,
  FakeAdapterMethod,
  FakeAdapterOptions,
} from './fakeAdapter.js';

// One fake server for the engine's and the bindings' tests.
export * from '../../../core/src/__tests__/fakeAdapter.js';

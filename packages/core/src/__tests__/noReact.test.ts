import { expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ react: false }));
vi.mock('react', () => {
  loaded.react = true;
  throw new Error('core must not import react');
});

it('core loads and works without react', async () => {
  const core = await import('../index.js');
  expect(core.formatGlobalParam(core.parseGlobalParam('price > 0'))).toBe('price > 0');
  expect(core.createHttpAdapter()).toHaveProperty('createTicket');
  expect(loaded.react).toBe(false);
});

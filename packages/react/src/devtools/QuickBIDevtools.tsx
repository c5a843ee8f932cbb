'use client';
import type { RenewalPolicy } from '@quickbi-embed/core';
import { lazy, Suspense, useState } from 'react';
import { useQuickBI } from '../context.js';

const Panel = lazy(() => import('./DevtoolsPanel.js'));

export interface QuickBIDevtoolsProps {
  /** Open at first. */
  initialOpen?: boolean;
  /** Overrides the renewal policy shown; by default the engine's own (the provider's `renewal`). */
  renewal?: RenewalPolicy;
}

/**
 * A floating panel over the provider's engine, for building and debugging: every credential on the
 * page, its uses, expiry and next renewal, and the last events and errors. Import it from
 * `@quickbi-embed/react/devtools`; the panel itself loads when first opened.
 */
export function QuickBIDevtools({ initialOpen = false, renewal }: QuickBIDevtoolsProps) {
  const { engine } = useQuickBI();
  const [open, setOpen] = useState(initialOpen);
  return (
    <div
      data-quickbi-devtools=""
      style={{ position: 'fixed', right: 8, bottom: 8, zIndex: 2147483647, font: '12px monospace' }}
    >
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Quick BI devtools
      </button>
      {open && (
        <Suspense>
          <Panel engine={engine} {...(renewal && { renewal })} />
        </Suspense>
      )}
    </div>
  );
}

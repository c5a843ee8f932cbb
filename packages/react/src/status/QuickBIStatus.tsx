'use client';
import { formatGlobalParamItem, type Credential, type Embed } from '@quickbi-embed/core';
import { useEffect, useState } from 'react';
import type { QuickBILocale } from '../context.js';
import { formatTimeLeft, statusStrings } from './statusStrings.js';

export interface QuickBIStatusProps {
  credential: Credential;
  /** Expiry on this browser's clock (as `useTicket` returns it), epoch ms. */
  expiresAt: number | undefined;
  isRenewing?: boolean;
  /** Uses left as counted on this page; defaults to the server's figure. */
  usesLeft?: number | undefined;
  /** `QuickBIReport` passes its provider's locale. */
  locale?: QuickBILocale;
  /** The clock `expiresAt` is on; `QuickBIReport` passes its engine's (injectable) clock. */
  clock?: () => number;
}

/**
 * What a credential carries, for building and debugging: watermark, global parameters as chips,
 * ticket uses `used / max`, time left and whether a renewal is in flight.
 */
export function QuickBIStatus({
  credential,
  expiresAt,
  isRenewing,
  usesLeft,
  locale = 'en',
  clock = Date.now,
}: QuickBIStatusProps) {
  // The locale is a prop, not read from context, so this view shares no module with the main
  // entry and stays out of its bundle.
  const t = statusStrings[locale];
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const id = setInterval(() => setNow(clock()), 1000);
    return () => clearInterval(id);
  }, [clock]);
  const left = expiresAt === undefined ? undefined : expiresAt - now;
  return (
    <dl data-quickbi-status="">
      {credential.kind === 'ticket' && (
        <>
          <dt>{t.watermark}</dt>
          <dd>{credential.watermark ?? t.none}</dd>
          <dt>{t.filters}</dt>
          <dd>
            {credential.globalParam?.length
              ? credential.globalParam.map((item, i) => (
                  <span key={i} data-chip="">
                    {formatGlobalParamItem(item)}
                  </span>
                ))
              : t.none}
          </dd>
          <dt>{t.uses}</dt>
          <dd>
            {credential.maxUses - (usesLeft ?? credential.maxUses - credential.usedUses)} /{' '}
            {credential.maxUses}
          </dd>
        </>
      )}
      {left !== undefined && (
        <>
          <dt>{t.left}</dt>
          <dd>{left > 0 ? formatTimeLeft(left) : t.expired}</dd>
        </>
      )}
      {isRenewing && <dd role="status">{t.renewing}</dd>}
    </dl>
  );
}

/**
 * `QuickBIReport`'s `showStatus` (its `lazy()`): the status of what its embed shows, once it has
 * a credential. It reads the embed itself (it renders with the report on every engine change),
 * so the report's first chunk holds one element, not the props.
 */
export default function EmbedStatus({
  embed,
  locale,
  clock,
}: {
  embed: Embed;
  locale: QuickBILocale;
  clock: () => number;
}) {
  const { credential, expiresAt, isRenewing, usesLeft } = embed.getState();
  return credential ? (
    <QuickBIStatus
      credential={credential}
      expiresAt={expiresAt}
      isRenewing={isRenewing}
      locale={locale}
      clock={clock}
      usesLeft={usesLeft}
    />
  ) : null;
}

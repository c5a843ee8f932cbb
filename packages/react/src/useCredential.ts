import type { Credential, ReportRequest, ReportState } from '@quickbi-embed/core';
import { useEffect, useSyncExternalStore } from 'react';
import { useQuickBI } from './context.js';

export interface CredentialState<C extends Credential> extends Omit<ReportState, 'credential'> {
  /** The current credential; kept while a renewal is in flight or after a renewal failed. */
  credential: C | undefined;
  /** Ask again now: clears the error and the backoff. */
  refetch: () => Promise<unknown>;
}

/** The engine's state of one report's credential, kept fetched and renewed while mounted. */
export function useCredential<C extends Credential>(request: ReportRequest): CredentialState<C> {
  const { engine } = useQuickBI();
  const report = engine.report(request);
  useEffect(() => report.retain(), [report]);
  useSyncExternalStore(report.subscribe, report.getSnapshot, report.getSnapshot);
  return { ...(report.getState() as CredentialState<C>), refetch: report.refetch };
}

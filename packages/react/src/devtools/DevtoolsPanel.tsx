import {
  credentialTiming,
  usesLeft,
  type CredentialEntry,
  type EmbedEngine,
  type RenewalPolicy,
} from '@quickbi-embed/core';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { formatTimeLeft } from '../status/statusStrings.js';

interface LogLine {
  at: number;
  text: string;
}

/** The first and last characters only: enough to tell credentials apart, never the secret. */
export const mask = (value: string) =>
  value.length <= 8 ? '…' : `${value.slice(0, 4)}…${value.slice(-2)}`;

const idOf = (e: CredentialEntry) =>
  e.latest.kind === 'ticket' ? e.latest.ticket : e.latest.accessToken;

/** What changed between two looks at the engine, as log lines. */
function diff(engine: EmbedEngine, seen: Map<string, unknown>, at: number): LogLine[] {
  const lines: LogLine[] = [];
  for (const r of engine.reports.values()) {
    const key = `error ${r.key}`;
    const error = r.exhausted ?? r.error;
    if (error !== seen.get(key)) {
      seen.set(key, error);
      if (error)
        lines.push({
          at,
          text: `${r.request.worksId}: ${error.code}${error.requestId ? ` (requestId ${error.requestId})` : ''}`,
        });
    }
  }
  for (const e of engine.credentials.values()) {
    const key = `latest ${idOf(e)}`;
    const before = seen.get(key);
    if (e.latest !== before) {
      seen.set(key, e.latest);
      lines.push({
        at,
        text: `${e.latest.worksId}: ${before ? 'renewed' : 'new'} ${e.latest.kind} ${mask(idOf(e))}`,
      });
    }
    if (e.error && seen.get(`pin ${idOf(e)}`) !== e.error) {
      seen.set(`pin ${idOf(e)}`, e.error);
      lines.push({ at, text: `${e.latest.worksId}: renewal failed ${e.error.code}` });
    }
  }
  return lines;
}

const cell = { padding: '2px 6px', borderTop: '1px solid #ddd', textAlign: 'left' } as const;

export default function DevtoolsPanel({
  engine,
  renewal,
}: {
  engine: EmbedEngine;
  renewal?: RenewalPolicy;
}) {
  useSyncExternalStore(engine.subscribe, engine.getSnapshot, engine.getSnapshot);
  const seen = useRef(new Map<string, unknown>());
  const [log, setLog] = useState<LogLine[]>([]);
  const [now, setNow] = useState(engine.now);
  // Ticks the countdowns on the engine's (skew-corrected, injectable) clock.
  useEffect(() => {
    const id = setInterval(() => setNow(engine.now()), 1000);
    return () => clearInterval(id);
  }, [engine]);
  useEffect(() => {
    const look = () => {
      const lines = diff(engine, seen.current, engine.now());
      if (lines.length) setLog((old) => [...lines.reverse(), ...old].slice(0, 20));
    };
    look();
    return engine.subscribe(look);
  }, [engine]);
  const rows = [...engine.credentials.values()];
  return (
    <section
      aria-label="Quick BI devtools"
      style={{ background: '#fff', color: '#111', border: '1px solid #999', maxWidth: 720 }}
    >
      <table style={{ borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            {[
              'kind',
              'report',
              'value',
              'granted',
              'started',
              'left',
              'expires in',
              'renews in',
            ].map((h) => (
              <th key={h} style={cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => {
            const { expiresAt, renewsAt } = credentialTiming(engine, e, renewal);
            const left = usesLeft(e);
            return (
              <tr key={idOf(e)} data-credential={e.latest.kind}>
                <td style={cell}>{e.latest.kind}</td>
                <td style={cell}>
                  {e.latest.worksId}
                  {e.latest.kind === 'ticket' && e.latest.cmptId ? ` / ${e.latest.cmptId}` : ''}
                </td>
                <td style={cell}>{mask(idOf(e))}</td>
                <td style={cell}>{Number.isFinite(e.granted) ? e.granted : '∞'}</td>
                <td style={cell}>{e.started}</td>
                <td style={cell}>{left ?? '–'}</td>
                <td style={cell}>{formatTimeLeft(Math.max(0, expiresAt - now))}</td>
                <td style={cell}>
                  {renewsAt === 'replaced'
                    ? 'replaced'
                    : renewsAt === undefined
                      ? '–'
                      : formatTimeLeft(Math.max(0, renewsAt - now))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ol
        aria-label="Events"
        style={{ margin: 0, padding: '4px 24px', maxHeight: 160, overflow: 'auto' }}
      >
        {log.map((line, i) => (
          <li key={log.length - i}>{line.text}</li>
        ))}
      </ol>
    </section>
  );
}

import type { EmulatorResponse } from '../transport/exchange.js';

export type ResponseFormat = 'JSON' | 'XML';

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toXml(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

export function writeBody(
  res: EmulatorResponse,
  status: number,
  root: string,
  body: Record<string, unknown>,
  format: ResponseFormat,
  headers: Record<string, string> = {},
): void {
  const text =
    format === 'XML'
      ? `<?xml version="1.0" encoding="UTF-8"?>${toXml(root, body)}`
      : JSON.stringify(body);
  res.writeHead(status, {
    'content-type':
      format === 'XML' ? 'application/xml;charset=utf-8' : 'application/json;charset=utf-8',
    'x-acs-request-id': String(body['RequestId'] ?? ''),
    ...headers,
  });
  res.end(text);
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { captured, responsesSeen } from './harness.js';

const LOG_DIR = fileURLToPath(new URL('../../../../.vitest-results/logs/', import.meta.url));

/**
 * Writes every log line, event and response this test file captured to .vitest-results/logs/, where
 * scripts/secret-scan.mjs looks for the AccessKey secret and STS token after the suite.
 */
export function writeCapturedLogs(name: string, extra: string[] = []): void {
  mkdirSync(LOG_DIR, { recursive: true });
  writeFileSync(
    `${LOG_DIR}${name}.log`,
    [...captured, ...responsesSeen, ...extra].join('\n') + '\n',
  );
}

/**
 * The `quickbi-embed` bin as a user runs it: a child process (through tsx on the source, with the
 * workspace's source condition), its environment pointed at the emulator on loopback.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, setupEmulator } from '../support/harness.js';

const emulator = setupEmulator({ emulator: { rateLimitPerSecond: 0 } });
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

function runBin(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@quickbi-embed/source', '--import', 'tsx', BIN, ...args],
      // Only what the bin needs: no ambient QUICKBI_* variable of the machine running the tests.
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('quickbi-embed bin', () => {
  it('doctor --help prints the usage and exits 0', async () => {
    const { code, stdout } = await runBin(['doctor', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: quickbi-embed doctor \[worksId…\]/);
    for (const name of [
      'QUICKBI_ACCESS_KEY_ID',
      'QUICKBI_ACCESS_KEY_SECRET',
      'QUICKBI_ENDPOINT',
      'QUICKBI_REPORT_ORIGIN',
    ])
      expect(stdout).toContain(name);
  });

  it('an unknown command exits 2 with the usage', async () => {
    const { code, stderr } = await runBin(['doctr']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown command "doctr"');
  });

  it('doctor against the emulator: detected settings on stdout, exit 0, no secret', async () => {
    emulator.reset();
    const { code, stdout } = await runBin(['doctor', 'dash-sales-0001', 'book-finance-0001'], {
      QUICKBI_ACCESS_KEY_ID: TEST_KEY.accessKeyId,
      QUICKBI_ACCESS_KEY_SECRET: TEST_KEY.accessKeySecret,
      QUICKBI_SECURITY_TOKEN: TEST_KEY.securityToken,
      QUICKBI_ENDPOINT: emulator.endpoint,
      QUICKBI_REPORT_ORIGIN: emulator.reportOrigin,
    });
    expect(code).toBe(0);
    expect(stdout).toContain("  updateTicketNumMode: 'setMax'");
    expect(stdout).toContain("  timeZone: '+08:00'");
    expect(stdout).toContain('Ticket uses spent: 2 (tickets created: 2, deleted: 2)');
    expect(stdout).not.toContain(TEST_KEY.accessKeySecret);
    expect(stdout).not.toContain(TEST_KEY.securityToken);
  });
});

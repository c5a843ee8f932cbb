#!/usr/bin/env node
/** The `quickbi-embed` bin: `quickbi-embed doctor [worksId…]`. */
import { createInterface } from 'node:readline';
import { runCli } from './doctor/cli.js';

function waitForEnter(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve) =>
    lines.once('line', () => {
      lines.close();
      resolve();
    }),
  );
}

void runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  waitForEnter,
}).then((code) => {
  process.exitCode = code;
});

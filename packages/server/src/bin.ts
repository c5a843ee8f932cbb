#!/usr/bin/env node
/** The `quickbi-embed` bin: `quickbi-embed doctor [worksId…]`. */
import { runCli } from './doctor/cli.js';

void runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});

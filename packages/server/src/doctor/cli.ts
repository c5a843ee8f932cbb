/** `quickbi-embed doctor [worksId…]`: argument parsing and exit codes (the bin only wires I/O). */
import { parseArgs } from 'node:util';
import { DOCTOR_ENV, runDoctor } from './runDoctor.js';
import type { DoctorOptions } from './runDoctor.js';

export const DOCTOR_USAGE = `Usage: quickbi-embed doctor [worksId…] [--region R] [--copilot-id ID]

Checks a Quick BI organisation before production, with the same environment variables as the
@quickbi-embed/server README:
  ${DOCTOR_ENV.accessKeyId}, ${DOCTOR_ENV.accessKeySecret} (${DOCTOR_ENV.securityToken} for STS)
  ${DOCTOR_ENV.endpoint} and ${DOCTOR_ENV.reportOrigin}, or a region (--region / ${DOCTOR_ENV.region})

It checks that the keys sign and the endpoint answers, that the report origin serves embed pages,
that each works is embeddable (QueryEmbeddedStatus) and that each works type's page shows the
report (a one-use ticket, fetched server-side). A CreateTicket -> QueryTicketInfo ->
UpdateTicketNum -> DelayTicketExpireTime -> DeleteTicket round trip detects what Quick BI does not
document: InvalidTime's zone (timeZone), UpdateTicketNum's counting (updateTicketNumMode) and
DelayTicketExpireTime's base (ticketExtendFrom); it also tells whether Smart Q tickets are served.
It prints the options to set, deletes every ticket it created and says how many uses it spent.
It never prints a secret.

  worksId…           works to check (default: the first of GetWorksEmbedList)
  --region R         a region from the site table, e.g. cn-hangzhou (instead of an endpoint)
  --copilot-id ID    a Smart Q id to mint a test ticket for (${DOCTOR_ENV.copilotId})
  --browser          if fetching a page server-side consumes no use, print its URL and wait for
                     you to open it in a browser (needed to tell updateTicketNumMode apart)
  -h, --help         this text

Exit code: 0 when no check failed, 1 otherwise, 2 for bad arguments.
`;

export const CLI_USAGE = `Usage: quickbi-embed <command>

Commands:
  doctor [worksId…]   check a Quick BI organisation and print the options to set

Run "quickbi-embed doctor --help" for details.
`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  fetch?: typeof globalThis.fetch;
  /** Resolves when the user presses Enter (for `--browser`). */
  waitForEnter?: () => Promise<void>;
}

/** Runs the CLI; answers the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    io.out(CLI_USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'doctor') {
    io.err(`Unknown command "${command}".\n\n${CLI_USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      options: {
        region: { type: 'string' },
        'copilot-id': { type: 'string' },
        browser: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(DOCTOR_USAGE);
    return 0;
  }
  const options: DoctorOptions = {
    env: io.env,
    worksIds: parsed.positionals,
    onLine: io.out,
    ...(parsed.values.region ? { region: parsed.values.region } : {}),
    ...(parsed.values['copilot-id'] ? { copilotId: parsed.values['copilot-id'] } : {}),
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(parsed.values.browser && io.waitForEnter
      ? {
          openInBrowser: async (url: string) => {
            io.out('  Fetched server-side, the page consumed no use. Open this URL in a browser');
            io.out('  (it spends one use of a ticket the doctor deletes), then press Enter:');
            io.out(`  ${url}`);
            await io.waitForEnter?.();
          },
        }
      : {}),
  };
  const report = await runDoctor(options);
  return report.ok ? 0 : 1;
}

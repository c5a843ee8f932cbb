/** The doctor's options, report and environment names. */
/** The environment variables the README's setup reads (plus an optional region). */
export const DOCTOR_ENV = {
  accessKeyId: 'QUICKBI_ACCESS_KEY_ID',
  accessKeySecret: 'QUICKBI_ACCESS_KEY_SECRET',
  securityToken: 'QUICKBI_SECURITY_TOKEN',
  endpoint: 'QUICKBI_ENDPOINT',
  reportOrigin: 'QUICKBI_REPORT_ORIGIN',
  region: 'QUICKBI_REGION',
  copilotId: 'QUICKBI_COPILOT_ID',
} as const;

export interface DoctorOptions {
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Works to check; the first embeddable one also runs the ticket round trip. */
  worksIds?: readonly string[];
  /** Overrides `QUICKBI_REGION`. */
  region?: string;
  /** A Smart Q (copilot) id to mint a test ticket for; overrides `QUICKBI_COPILOT_ID`. */
  copilotId?: string;
  fetch?: typeof globalThis.fetch;
  /** Our clock, for reading `InvalidTime`'s zone. Default `Date.now`. */
  now?: () => number;
  /** Each output line as it is produced (the CLI prints them). */
  onLine?: (line: string) => void;
  /**
   * When the server-side page load consumed no use (Quick BI's page may count a use only once its
   * script runs in a browser), called with the page URL: resolve once a browser has opened it.
   * Without it, `updateTicketNumMode` then stays undetermined. The CLI's `--browser` asks you.
   */
  openInBrowser?: (url: string) => Promise<void>;
}

export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  name: string;
  status: DoctorStatus;
  detail: string;
}

export interface DoctorDetected {
  timeZone?: string;
  updateTicketNumMode?: 'setMax' | 'addRemaining';
  ticketExtendFrom?: 'now' | 'invalidTime';
  smartQTickets?: boolean;
}

export interface DoctorReport {
  /** No check failed. */
  ok: boolean;
  settings: Array<{ option: string; value: string; source: string }>;
  checks: DoctorCheck[];
  detected: DoctorDetected;
  tickets: { created: number; deleted: number; usesConsumed: number };
  snippet: string;
  /** Everything printed, in order. */
  lines: string[];
}

export type CheckFn = (name: string, status: DoctorStatus, detail: string) => void;

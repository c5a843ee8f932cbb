/**
 * `@quickbi-embed/server/doctor`: the `quickbi-embed doctor` checks as a function (Node only: it
 * reads the environment and fetches Quick BI's pages server-side).
 */
export { runDoctor, DOCTOR_ENV } from './doctor/runDoctor.js';
export type {
  DoctorCheck,
  DoctorDetected,
  DoctorOptions,
  DoctorReport,
  DoctorStatus,
} from './doctor/runDoctor.js';
export { runCli as runDoctorCli, DOCTOR_USAGE } from './doctor/cli.js';
export type { CliIo } from './doctor/cli.js';

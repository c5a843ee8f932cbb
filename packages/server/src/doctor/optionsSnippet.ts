/** The ready `createQuickBIClient` / `createQuickBIHandler` options, with what was detected. */
import { QUICKBI_SITES } from '@quickbi-embed/core';
import { DOCTOR_ENV, type DoctorDetected } from './doctorTypes.js';
import { quote } from './ticketProbe.js';

export function optionsSnippet(input: {
  region: string | undefined;
  endpoint: string | undefined;
  reportOriginEnv: string | undefined;
  reportOrigin: string;
  detected: DoctorDetected;
}): string {
  const { detected } = input;
  const documented =
    input.region === undefined
      ? undefined
      : (QUICKBI_SITES as Record<string, { reportOrigin?: string }>)[input.region]?.reportOrigin;
  const client = [
    `accessKeyId: process.env.${DOCTOR_ENV.accessKeyId},`,
    `accessKeySecret: process.env.${DOCTOR_ENV.accessKeySecret},`,
    ...(input.region ? [`region: ${quote(input.region)},`] : []),
    ...(input.endpoint
      ? [`endpoint: process.env.${DOCTOR_ENV.endpoint}, // ${input.endpoint}`]
      : []),
    ...(input.reportOriginEnv || !documented
      ? [`reportOrigin: process.env.${DOCTOR_ENV.reportOrigin}, // ${input.reportOrigin}`]
      : []),
    detected.timeZone
      ? `timeZone: ${quote(detected.timeZone)},`
      : `// timeZone: undetermined (default '+08:00')`,
  ];
  const handler = [
    'client,',
    'authorize, // your policy hook',
    detected.updateTicketNumMode
      ? `updateTicketNumMode: ${quote(detected.updateTicketNumMode)},`
      : `// updateTicketNumMode: undetermined (default 'setMax')`,
  ];
  return [
    'const client = createQuickBIClient({',
    ...client.map((l) => `  ${l}`),
    '});',
    'const handler = createQuickBIHandler({',
    ...handler.map((l) => `  ${l}`),
    '});',
  ].join('\n');
}

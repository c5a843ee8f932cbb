/** Whether Smart Q tickets (CreateTicket4Copilot) are served for this organisation and region. */
import { QuickBIApiError } from '../client/quickbiApiError.js';
import type { CheckFn, DoctorDetected } from './doctorTypes.js';
import { deleteTicket, describeError, type Probe } from './ticketProbe.js';

export async function smartQ(
  probe: Probe,
  copilotId: string | undefined,
  check: CheckFn,
  detected: DoctorDetected,
): Promise<void> {
  const name = 'Smart Q tickets';
  // Without an id, a placeholder: "not found" still proves the action is served here.
  const id = copilotId ?? '__quickbi-embed-doctor-probe__';
  try {
    const { ticket } = await probe.client.createCopilotTicket({
      copilotId: id,
      ticketNum: 1,
      expireMinutes: 1,
    });
    probe.created.push(ticket);
    detected.smartQTickets = true;
    check(name, 'ok', `CreateTicket4Copilot minted a ticket for ${id}`);
    await deleteTicket(probe, ticket);
  } catch (error) {
    const code = error instanceof QuickBIApiError ? error.code : '';
    if (copilotId === undefined && /Invalid\.?Parameter|NotExist|Not\.Exist/i.test(code)) {
      detected.smartQTickets = true;
      check(
        name,
        'ok',
        `CreateTicket4Copilot is served (${code} for a placeholder id; pass --copilot-id to mint one)`,
      );
    } else if (/Invalid\.?Parameter|NotExist|Not\.Exist|report_tree|Unauthorized/i.test(code)) {
      check(
        name,
        'warn',
        `${describeError(error)} (check the copilot id and its embedding switch)`,
      );
    } else {
      detected.smartQTickets = false;
      check(name, 'warn', `not available here: ${describeError(error)}`);
    }
  }
}

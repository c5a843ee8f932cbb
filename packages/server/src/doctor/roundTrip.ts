/**
 * CreateTicket -> QueryTicketInfo -> page load -> UpdateTicketNum -> DelayTicketExpireTime ->
 * DeleteTicket on one works, reading InvalidTime's zone, UpdateTicketNum's counting and
 * DelayTicketExpireTime's base from what Quick BI answers.
 */
import type { WorksType } from '@quickbi-embed/core';
import { QuickBIApiError } from '../client/quickbiApiError.js';
import type { CheckFn, DoctorDetected } from './doctorTypes.js';
import { readExtendFrom, readTimeZone, readUpdateTicketNum, type ExtendReading } from './probes.js';
import { deleteTicket, describeError, loadPage, quote, usedOf, type Probe } from './ticketProbe.js';

const ROUND_TRIP_USES = 3;
const ROUND_TRIP_MINUTES = 60;
const DELAY_MINUTES = 30;
const TOP_UP_TO = 4;

export async function roundTrip(
  probe: Probe,
  worksId: string,
  worksType: WorksType,
  check: CheckFn,
  detected: DoctorDetected,
): Promise<void> {
  const { client } = probe;
  const before = probe.now();
  let ticket: string;
  try {
    ({ ticket } = await client.createTicket({
      worksId,
      ticketNum: ROUND_TRIP_USES,
      expireMinutes: ROUND_TRIP_MINUTES,
    }));
  } catch (error) {
    check('CreateTicket', 'fail', describeError(error));
    return;
  }
  const after = probe.now();
  probe.created.push(ticket);
  try {
    const first = await client.queryTicketInfo({ ticket });
    check(
      'CreateTicket -> QueryTicketInfo',
      first.maxUses === ROUND_TRIP_USES ? 'ok' : 'warn',
      `MaxTicketNum ${first.maxUses}, UsedTicketNum ${first.usedUses}, InvalidTime ${first.invalidTime?.text ?? 'absent'}`,
    );
    const zone = readTimeZone(first.invalidTime?.text, before, after, ROUND_TRIP_MINUTES);
    if (zone.timeZone) {
      detected.timeZone = zone.timeZone;
      check(
        'InvalidTime zone',
        zone.skewMinutes > 3 ? 'warn' : 'ok',
        `timeZone: ${quote(zone.timeZone)}` +
          (zone.skewMinutes > 3
            ? ` (${zone.skewMinutes} min off: is this machine's clock right?)`
            : ''),
      );
    } else check('InvalidTime zone', 'warn', 'undetermined (InvalidTime unreadable)');

    const page = await loadPage(probe, worksId, worksType, ticket);
    let used = (await usedOf(probe, ticket)) ?? 0;
    if (used === 0 && page.ok && probe.openInBrowser) {
      await probe.openInBrowser(page.url);
      used = (await usedOf(probe, ticket)) ?? 0;
    }
    check(
      `${worksType} page (${worksId})`,
      page.ok ? 'ok' : 'fail',
      `${page.path} ${page.detail}; UsedTicketNum now ${used}`,
    );

    const maxBefore = (await client.queryTicketInfo({ ticket })).maxUses;
    await client.updateTicketNum({ ticket, ticketNum: TOP_UP_TO });
    const topped = await client.queryTicketInfo({ ticket });
    const reading = readUpdateTicketNum(maxBefore, topped.maxUses, topped.usedUses, TOP_UP_TO);
    if (reading.mode) {
      detected.updateTicketNumMode = reading.mode;
      check(
        'UpdateTicketNum',
        'ok',
        `updateTicketNumMode: ${quote(reading.mode)} (TicketNum ${TOP_UP_TO} with ${topped.usedUses} used: MaxTicketNum ${maxBefore} -> ${topped.maxUses})`,
      );
    } else check('UpdateTicketNum', 'warn', `undetermined: ${reading.note}`);

    await client.delayTicketExpireTime({ ticket, expireMinutes: DELAY_MINUTES });
    const delayed = await client.queryTicketInfo({ ticket });
    const base: ExtendReading = readExtendFrom(
      topped.invalidTime?.text ?? first.invalidTime?.text,
      delayed.invalidTime?.text,
      DELAY_MINUTES,
    );
    if (base) {
      detected.ticketExtendFrom = base;
      check(
        'DelayTicketExpireTime',
        'ok',
        `ticketExtendFrom: ${quote(base)} (InvalidTime ${first.invalidTime?.text ?? '?'} -> ${delayed.invalidTime?.text ?? '?'} after ${DELAY_MINUTES} min)`,
      );
    } else
      check(
        'DelayTicketExpireTime',
        'warn',
        `undetermined (InvalidTime ${first.invalidTime?.text ?? '?'} -> ${delayed.invalidTime?.text ?? '?'})`,
      );
  } catch (error) {
    check('ticket round trip', 'fail', describeError(error));
  }
  const deletedBefore = probe.deleted;
  await deleteTicket(probe, ticket);
  if (probe.deleted === deletedBefore) {
    check('DeleteTicket', 'fail', 'the test ticket could not be deleted (it expires on its own)');
    return;
  }
  try {
    await client.queryTicketInfo({ ticket });
    check('DeleteTicket', 'warn', 'QueryTicketInfo still finds the deleted ticket');
  } catch (error) {
    check(
      'DeleteTicket',
      'ok',
      `deleted; QueryTicketInfo now answers ${error instanceof QuickBIApiError ? error.code : 'an error'}`,
    );
  }
}

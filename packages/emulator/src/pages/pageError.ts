/** A failure shown inside the embed page, as Quick BI shows it: its code and its own text. */
export class PageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PageError';
  }
}

/** Quick BI's page-side text for a ticket bound to another report or component (spec §1.9). */
export const MISMATCH_CODE = 'Authorize3rdTicket.BindedWorks.Mismatch';
export const MISMATCH_TEXT = 'The report bound by ticket mismatch the actual report';

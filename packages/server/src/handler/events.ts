import type { WorksType } from '@quickbi-embed/core';

interface CredentialEventBase {
  kind: 'token' | 'ticket';
  worksId: string;
  worksType: WorksType;
  cmptId?: string;
  /** The app's end-user id from the policy (not a secret; never the credential itself). */
  subject: string;
}

/**
 * What the handler reports to `onEvent`. Never carries the AccessKey secret, the STS token, or a
 * ticket / token value.
 */
export type QuickBIHandlerEvent =
  | (CredentialEventBase & {
      type: 'credential.minted';
      reason: 'new' | 'exhausted' | 'expiring' | 'expired' | 'policy-changed';
      requestId?: string;
    })
  | (CredentialEventBase & { type: 'credential.reused'; usedUses?: number })
  | (CredentialEventBase & { type: 'credential.renewed'; toppedUpUses: number; renewals?: number })
  | (CredentialEventBase & {
      type: 'credential.retired';
      /** `refused`: the policy no longer grants it; `policy-changed`: replaced under the new policy. */
      reason: 'policy-changed' | 'refused';
      /** Whether Quick BI confirmed the DeleteTicket (false: it was already gone). */
      deleted: boolean;
    })
  | { type: 'request.refused'; route: string; status: number; code: string; message: string }
  | {
      type: 'upstream.error';
      action: string;
      status: number;
      code: string;
      requestId?: string;
      /**
       * Set when a create (CreateTicket, CreateEmbedToken, CreateTicket4Copilot) timed out (or a
       * gateway gave up waiting) and was deliberately not retried: Quick BI may have minted a credential
       * nobody received (it expires unused). Never a second mint for one request.
       */
      notRetried?: 'create-may-have-succeeded';
    };

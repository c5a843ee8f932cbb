import type {
  ContractFilter,
  Credential,
  EmbedEvents,
  QuickBIEmbedError,
  WorksType,
} from '@quickbi-embed/core';
import type { CSSProperties, IframeHTMLAttributes, ReactNode } from 'react';

export interface QuickBIReportProps
  extends
    Omit<
      IframeHTMLAttributes<HTMLIFrameElement>,
      'src' | 'title' | 'height' | 'onLoad' | 'onError' | 'children' | 'loading'
    >,
    EmbedEvents {
  worksId: string;
  /** Optional: the server decides the works type. */
  worksType?: WorksType;
  /** One component of a dashboard. */
  cmptId?: string;
  /** `ticket` (CreateTicket, default) or `token` (CreateEmbedToken). */
  credential?: 'ticket' | 'token';
  /**
   * Host-chosen filters (tickets only): keep only these values of global parameters the server's
   * policy offers. A change re-embeds with a ticket for the new choice; a filter the policy does
   * not offer fails with FILTER_NOT_ALLOWED.
   */
  filters?: ContractFilter[];
  /**
   * A credential the server prefetched for this page (`handler.prefetch`): the iframe src is in
   * the server-rendered HTML, and its reserved use is this embed's (no second call or use).
   */
  initialCredential?: Credential;
  /** Pixels, or `auto` to follow the height the dashboard posts (400 px until it does). */
  height?: 'auto' | number;
  /** The iframe's accessible name. */
  title: string;
  loading?: ReactNode;
  error?: (error: QuickBIEmbedError, retry: () => void) => ReactNode;
  /** Show what the credential carries: watermark, global parameters, uses, time left. */
  showStatus?: boolean;
  /**
   * Quick BI showed the report: the dashboard posted its `{height, pageId}` (its one signal,
   * spec §5). Other works types post nothing, so for them this never fires: use `onFrameLoad`.
   */
  onLoad?: () => void;
  /**
   * The iframe finished loading a page. Quick BI gives no signal here: this fires for its own
   * error pages too (expired, mismatched works type, unreachable).
   */
  onFrameLoad?: () => void;
  className?: string;
  style?: CSSProperties;
}

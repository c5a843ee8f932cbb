import { createNextRouteHandlers } from '@quickbi-embed/server/next';
import { quickbi } from '../../../../lib/quickbi';

export const { GET, POST, OPTIONS } = createNextRouteHandlers(quickbi);

/**
 * The contract's paths below the base path, one constant each: a bundler inlines the strings a
 * client uses and drops the rest, where a lookup in the `CONTRACT_ROUTES` table would ship the
 * whole table with every page. `CONTRACT_ROUTES` (contract.ts) is built from these.
 */
export const TOKEN_PATH = '/token';
export const TICKET_PATH = '/ticket';
export const TICKET_RENEW_PATH = '/ticket/renew';
export const TICKET_INFO_PATH = '/ticket/info';
export const COPILOT_TICKET_PATH = '/copilot/ticket';

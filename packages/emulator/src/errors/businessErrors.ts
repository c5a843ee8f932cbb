/**
 * Every Quick BI business error the embedding actions document, with the message Quick BI sends,
 * so the fault API can make the emulator answer any of them by code (`{ action, code, count }`).
 * Sources: the error tables of CreateTicket / DeleteTicket / UpdateTicketNum (help.aliyun.com
 * document_detail/415161), QueryEmbeddedStatus (api-quickbi-public-2022-01-01-queryembeddedstatus),
 * ListPortalMenus (document_detail/415108), DelayEmbedToken and the KB pages in spec §1.9. `%s`
 * is filled with the faulted call's main parameter, or left as `[]`.
 */
export const BUSINESS_ERRORS: Readonly<Record<string, string>> = {
  'Internal.System.Error': 'An internal system error occurred.',
  'Authorize3rdTicket.BindedWorks.Mismatch':
    'The report bound by the ticket mismatches the actual report.',
  'Authorize3rdTicket.Expired': 'Ticket [%s] has expired.',
  'Authorize3rdTicket.HasNo.LoginToken': 'The request [%s] has no token.',
  'Authorize3rdTicket.NotExist': 'Ticket %s does not exist.',
  'Authorize3rdTicket.Num.Exceed': 'The number of tickets %s is invalid.',
  'Authorize3rdTicket.Num.HasNoLeft': 'There is no ticket number left, please generate new ticket.',
  'Invalid.Parameter.Error': 'The parameter is invalid:%s.',
  'System.Param.Empty': 'You must specify the %s parameter.',
  'NoPermissionTo.Operate.Object': 'You are not authorized to operate the objects.',
  'Instance.Expired': 'Your instance has expired.',
  'Instance.Not.Exist': 'The specified instance does not exist.',
  'Access.Forbidden':
    'Access forbidden. Your instance version or access key is not allowed to call the API operation.',
  // ListPortalMenus' error table (document_detail/415108).
  'Invalid.Organization': 'The specified organizational unit does not exist.',
  'User.Not.In.Organization': 'The specified user is not in the organizational unit.',
  'ApiUser.Not.Exists': 'The specified user does not exist.',
  'Report.NotExist.Error': 'This work does not exist. It may have been deleted. Work ID is %s.',
  'Resource.NotBelongTo.CurrentOrganization':
    'The resource does not belong to the current organization.',
  'Access.ReportTree.Unauthorized': 'The access report tree is not authorized.',
  'Authorize3Rd.Token.NotExist': 'The token [%s] does not exist.',
  'Authorize3Rd.Token.ToMuch':
    'There are too many valid tokens [%s]. Please do not apply for the same tokens again.',
};

export function isBusinessErrorCode(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(BUSINESS_ERRORS, code);
}

export function businessErrorMessage(code: string, detail: string): string {
  return (BUSINESS_ERRORS[code] ?? 'An internal system error occurred.').replace('%s', detail);
}

import { businessErrorMessage } from './businessErrors.js';

/**
 * An error answer. `status: 'business'` marks Quick BI's own errors, whose HTTP status depends on
 * the API version (the docs list 400 for 2022-01-01, the 2021-03-25 seed page lists 500).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | 'business',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Alibaba Cloud's API gateway answers (codes and messages as the gateway sends them).
export const gateway = {
  missingParameter: (name: string) =>
    new ApiError(
      'MissingParameter',
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
      400,
    ),
  invalidParameter: (name: string) =>
    new ApiError('InvalidParameter', `The specified parameter "${name}" is not valid.`, 400),
  actionNotFound: () =>
    new ApiError(
      'InvalidAction.NotFound',
      'Specified api is not found, please check your url and method.',
      404,
    ),
  invalidVersion: () =>
    new ApiError('InvalidVersion', 'Specified parameter Version is not valid.', 400),
  unsupportedMethod: () =>
    new ApiError('UnsupportedHTTPMethod', 'This http method is not supported.', 403),
  accessKeyNotFound: () =>
    new ApiError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 404),
  signatureMismatch: (detail?: string) =>
    new ApiError(
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation.${detail ? ` ${detail}` : ''}`,
      403,
    ),
  incompleteSignature: () =>
    new ApiError(
      'IncompleteSignature',
      'The request signature does not conform to Aliyun standards.',
      400,
    ),
  invalidSignatureMethod: () =>
    new ApiError('InvalidSignatureMethod', 'Specified signature method is not supported.', 400),
  illegalTimestamp: (name: string) =>
    new ApiError(
      'IllegalTimestamp',
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
      400,
    ),
  nonceUsed: () =>
    new ApiError('SignatureNonceUsed', 'Specified signature nonce was used already.', 400),
  missingSecurityToken: () =>
    new ApiError('MissingSecurityToken', 'SecurityToken is mandatory for this action.', 400),
  securityTokenMismatch: () =>
    new ApiError(
      'InvalidSecurityToken.MismatchWithAccessKey',
      'Specified SecurityToken mismatch with the AccessKey.',
      400,
    ),
  securityTokenMalformed: () =>
    new ApiError('InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.', 400),
  throttling: (headers: Record<string, string>) =>
    new ApiError('Throttling', 'Request was denied due to request throttling.', 400, headers),
  internalError: (status = 500) =>
    new ApiError(
      'InternalError',
      'The request processing has failed due to some unknown error, exception or failure.',
      status,
    ),
  /**
   * A request line longer than the gateway takes. UNCONFIRMED: Alibaba Cloud documents neither the
   * limit nor this answer; the code and the 414 are ours, in the gateway's JSON shape.
   */
  uriTooLong: (limit: number) =>
    new ApiError(
      'RequestURITooLong',
      `The request URI is longer than ${limit} bytes. Send the parameters in a form body (POST, application/x-www-form-urlencoded).`,
      414,
    ),
  serviceUnavailable: () =>
    new ApiError(
      'ServiceUnavailable',
      'The request has failed due to a temporary failure of the server.',
      503,
    ),
};

// Quick BI's own errors (spec §1.9 and the seed pages).
const business = (code: string, message: string) => new ApiError(code, message, 'business');

export const quickbi = {
  /** Any documented business error by code (the fault API). */
  byCode: (code: string, detail: string) => business(code, businessErrorMessage(code, detail)),
  internal: () => business('Internal.System.Error', 'An internal system error occurred.'),
  invalidParameter: (detail: string) =>
    business('Invalid.Parameter.Error', `The parameter is invalid:${detail}.`),
  /** GlobalParam sent as something other than a JSON array (documented verbatim, typo included). */
  globalParamNotArray: () =>
    business('Invalid.Parameter.Error', "The parameter is invalid:exepct '['"),
  paramEmpty: (name: string) =>
    business('System.Param.Empty', `You must specify the ${name} parameter.`),
  ticketNotExist: (ticket: string) =>
    business('Authorize3rdTicket.NotExist', `Ticket ${ticket} does not exist.`),
  ticketExpired: (ticket: string) =>
    business('Authorize3rdTicket.Expired', `Ticket [${ticket}] has expired.`),
  ticketNumExceed: (value: string) =>
    business('Authorize3rdTicket.Num.Exceed', `The number of tickets ${value} is invalid.`),
  userNotInOrganization: () =>
    business('User.Not.In.Organization', 'The specified user is not in the organizational unit.'),
  apiUserNotExists: () => business('ApiUser.Not.Exists', 'The specified user does not exist.'),
  reportNotExist: (worksId: string) =>
    business(
      'Report.NotExist.Error',
      `This work does not exist. It may have been deleted. Work ID is ${worksId}.`,
    ),
  reportTreeUnauthorized: () =>
    business('Access.ReportTree.Unauthorized', 'The access report tree is not authorized.'),
  /** Documented text; which call answers it where (Smart Q outside its sites) is our guess. */
  accessForbidden: () => business('Access.Forbidden', businessErrorMessage('Access.Forbidden', '')),
  tokenNotExist: (token: string) =>
    business('Authorize3Rd.Token.NotExist', `The token [${token}] does not exist.`),
  tokenTooMany: (detail: string) =>
    business(
      'Authorize3Rd.Token.ToMuch',
      `There are too many valid tokens [${detail}]. Please do not apply for the same tokens again.`,
    ),
};

import { ERROR_STATUS, QuickBIEmbedError } from '@quickbi-embed/core';

export interface AccessKeyCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token, when the key pair is temporary. */
  securityToken?: string;
}

/** Called before each signed call, so STS / RAM-role providers can rotate keys (cache inside it). */
export type CredentialsProvider = () => AccessKeyCredentials | Promise<AccessKeyCredentials>;

/**
 * Checked on each call, not when the client is created: a build machine (`next build`) loads the
 * module that creates the client without any AccessKey. A missing key is then `NOT_CONFIGURED`,
 * naming the setting, never a value.
 */
export function checkCredentials(value: AccessKeyCredentials | undefined): AccessKeyCredentials {
  if (!value || typeof value.accessKeyId !== 'string' || value.accessKeyId === '')
    throw notConfigured('accessKeyId');
  if (typeof value.accessKeySecret !== 'string' || value.accessKeySecret === '')
    throw notConfigured('accessKeySecret');
  return value;
}

function notConfigured(setting: string): QuickBIEmbedError {
  return new QuickBIEmbedError({
    code: 'NOT_CONFIGURED',
    status: ERROR_STATUS.NOT_CONFIGURED,
    message: `The Quick BI client has no ${setting}: set it (createQuickBIClient({ ${setting} }) or the credentials provider)`,
  });
}

/** Replaces every form of the secrets (raw, and percent-encoded once or twice) in `text`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    const once = encodeURIComponent(secret);
    for (const form of new Set([secret, once, encodeURIComponent(once)]))
      out = out.split(form).join('***');
  }
  return out;
}

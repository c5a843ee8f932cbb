export interface AccessKeyCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token, when the key pair is temporary. */
  securityToken?: string;
}

/** Called before each signed call, so STS / RAM-role providers can rotate keys (cache inside it). */
export type CredentialsProvider = () => AccessKeyCredentials | Promise<AccessKeyCredentials>;

export function checkCredentials(value: AccessKeyCredentials): AccessKeyCredentials {
  if (!value || typeof value.accessKeyId !== 'string' || value.accessKeyId === '')
    throw new TypeError('Quick BI credentials: accessKeyId is required');
  if (typeof value.accessKeySecret !== 'string' || value.accessKeySecret === '')
    throw new TypeError('Quick BI credentials: accessKeySecret is required');
  return value;
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

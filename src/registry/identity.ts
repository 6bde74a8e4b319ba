/** The fields that make two registrations the same webhook at TagMango. */
export interface RecordIdentity {
  apiUrl: string;
  profile: string;
  event: string;
  hookUrl: string;
  scope: { key: string; id: string } | null;
}

/** A stable string key for a record identity. */
export function identityKey(r: RecordIdentity): string {
  return JSON.stringify([r.apiUrl, r.profile, r.event, r.hookUrl, r.scope?.key ?? null, r.scope?.id ?? null]);
}

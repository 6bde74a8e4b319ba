import type { RegistryRecord } from './schema.js';

/** One copy of each repeated text: records of a registry share a few URLs, events and stamps. */
export function textSharer(limit = 4096): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    if (seen.size < limit) seen.set(text, text);
    return text;
  };
}

/** A record whose repeated texts are the shared copies (a long registry held in memory for a whole run). */
export function shareRecordTexts(record: RegistryRecord, share: (text: string) => string): RegistryRecord {
  record.apiUrl = share(record.apiUrl);
  record.profile = share(record.profile);
  record.event = share(record.event);
  record.hookUrl = share(record.hookUrl);
  if (record.hookUrlTemplate !== undefined) record.hookUrlTemplate = share(record.hookUrlTemplate);
  record.status = share(record.status) as RegistryRecord['status'];
  record.createdAt = share(record.createdAt);
  record.updatedAt = share(record.updatedAt);
  if (record.scope) record.scope.key = share(record.scope.key);
  return record;
}


import { z } from 'zod';
import { ExitCode, FileError } from '../errors.js';
import { readOwnFile } from '../files/safe-files.js';
import { shareRecordTexts, textSharer } from './share-texts.js';
import { REGISTRY_VERSION } from './format.js';
import { describeIssuePath, recordSchema, upgradeRecord, type RegistryData, type RegistryRecord } from './schema.js';

/** The file's outer shape; its records are validated one at a time (registrySchema, record by record). */
const envelopeSchema = z.object({ version: z.literal(REGISTRY_VERSION), subscriptions: z.array(z.unknown()) }).strict();

/** The registry file alone, validated; a missing file is an empty registry. */
export function readRegistryFile(file: string): RegistryData {
  const data = parseFile(file);
  if (data === undefined) return { version: REGISTRY_VERSION, subscriptions: [] };
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > REGISTRY_VERSION) {
    throw new FileError('REGISTRY_TOO_NEW', `The registry ${file} has format version ${version}, newer than this tagmango-hooks understands (${REGISTRY_VERSION}).`, file, 'It was left untouched: upgrade tagmango-hooks, or point --registry at another file.', ExitCode.usage);
  }
  // Format 1 (0.1.0) is read as this format and written as it on the next change.
  const upgrading = version === 1 && Array.isArray((data as { subscriptions?: unknown }).subscriptions);
  const envelope = data && typeof data === 'object' ? { ...(data as object), ...(upgrading ? { version: REGISTRY_VERSION } : {}) } : data;
  const head = envelopeSchema.safeParse(envelope);
  if (!head.success) {
    const issue = head.error.issues[0];
    throw invalid(file, `does not match the registry format: ${describeIssuePath(envelope, issue?.path ?? [])} ${issue?.message ?? ''}`.trimEnd());
  }
  // Record by record. The schema is strict and transforms nothing, so a record that passes is
  // kept as parsed from the file and zod's copy dies young: the records are never held twice over.
  const raw = (envelope as { subscriptions: unknown[] }).subscriptions;
  const share = textSharer();
  const subscriptions: RegistryRecord[] = new Array(raw.length);
  // Every command names records by id: two records with one id (a hand merge) are refused.
  const firstWithId = new Map<string, number>();
  for (let i = 0; i < raw.length; i++) {
    const candidate = upgrading ? upgradeRecord(raw[i]) : raw[i];
    const parsed = recordSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(file, `does not match the registry format: ${describeIssuePath({ subscriptions: raw }, ['subscriptions', i, ...(issue?.path ?? [])])} ${issue?.message ?? ''}`.trimEnd());
    }
    const earlier = firstWithId.get(parsed.data.id);
    if (earlier !== undefined) {
      throw invalid(file, `does not match the registry format: ${describeIssuePath({ subscriptions: raw }, ['subscriptions', i, 'id'])} is used by record ${earlier + 1} too`);
    }
    firstWithId.set(parsed.data.id, i);
    subscriptions[i] = shareRecordTexts(candidate as RegistryRecord, share);
    raw[i] = undefined;
  }
  return { version: REGISTRY_VERSION, subscriptions };
}

/** The file's JSON, or undefined when it is missing. Its text is released before validation starts (a large file's peak memory). */
function parseFile(file: string): unknown {
  const text = readOwnFile(file, (error) =>
    error.code === 'EISDIR'
      ? new FileError('REGISTRY_NOT_A_FILE', `The registry path ${file} is a directory.`, file, 'Point --registry (or TAGMANGO_HOOKS_REGISTRY) at a file.')
      : new FileError('REGISTRY_UNREADABLE', `Cannot read the registry ${file}: ${error.message}.`, file, 'Check its permissions.'),
  );
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid(file, 'is not valid JSON');
  }
}

function invalid(file: string, what: string): FileError {
  return new FileError('REGISTRY_INVALID', `The registry ${file} ${what}.`, file, 'It was left untouched: fix it by hand or restore it from version control, then run again.', ExitCode.usage);
}

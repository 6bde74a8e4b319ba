import { UsageError } from '../errors.js';
import { registerBatch } from '../registrations/engine.js';
import { redact } from '../secrets.js';
import { needsAttention, type BatchOptions, type ResultRow } from '../registrations/types.js';
import type { Registration } from '../tagmango/registration.js';
import { fillSecret, holdsSecret } from '../validate/hook-secret.js';
import type { RegisterOptions } from './register-options.js';

/** The hook secret when an item's URL holds `{secret}` (a usage error when it is missing or short), else undefined. */
export function hookSecretFor(options: Pick<RegisterOptions, 'hookSecret'>, items: readonly Registration[]): string | undefined {
  return items.some((item) => holdsSecret(item.hookUrl)) ? options.hookSecret() : undefined;
}

/**
 * A hook URL holding the API key would hand the key to the receiver with every delivery and keep it
 * in the registry (which is committed to git): refused before anything is sent or written.
 */
export function refuseKeyInHookUrls(items: readonly Registration[], key: string | undefined): void {
  if (key === undefined) return;
  const item = items.find((i) => redact(i.hookUrl, [key]) !== i.hookUrl);
  if (item === undefined) return;
  throw new UsageError(
    `The hook URL ${redact(item.hookUrl, [key])} holds the API key: TagMango would send it to the receiver with every delivery.`,
    'Put a token of its own in the URL instead, with {secret} (filled from TAGMANGO_HOOK_SECRET); never the API key.',
    'API_KEY_IN_HOOK_URL',
  );
}

/** The registration as sent: the secret in its hook URL; the registry and the report keep the placeholder. */
function withSecret(item: Registration, secret: string): Registration {
  return holdsSecret(item.hookUrl) ? { ...item, hookUrl: fillSecret(item.hookUrl, secret) } : item;
}

/**
 * Register `items` through the batch engine with this run's ports (registry, client, signal,
 * scrubbing) and a progress line on stderr that counts failed and unknown rows: the one
 * wiring `subscribe` and `migrate` share. Each row goes to `onRow` in input order as it becomes
 * final (the progress line steps aside when stdout shares its terminal); none is kept.
 */
export async function registerBatchWithProgress(
  options: RegisterOptions,
  apiKey: string,
  items: readonly Registration[],
  batch: Omit<BatchOptions, 'onSettled' | 'apiUrl' | 'profile'>,
  label: 'registered' | 'migrated',
  onRow: (row: ResultRow, position: number) => void,
): Promise<void> {
  const { io } = options;
  const secret = hookSecretFor(options, items);
  const client = await options.client(apiKey, batch.concurrency);
  const ports = {
    registry: options.registry,
    client: secret === undefined ? client : { registerWebhook: (item: Registration) => client.registerWebhook(withSecret(item, secret)) },
    signal: options.signal,
    scrub: (text: string) => io.scrub(text),
  };
  const progress = io.progress(items.length, label, () => options.now().getTime());
  const write = io.stdoutIsTTY ? (step: () => void) => progress.above(step) : (step: () => void) => step();
  return registerBatch(ports, items, {
    ...batch,
    apiUrl: options.apiUrl,
    profile: options.profile,
    onSettled: (row) => progress.settle(needsAttention(row)),
    onRow: (row, position) => write(() => onRow(row, position)),
  }).finally(() => progress.finish());
}

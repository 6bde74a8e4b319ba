import { HEARTBEAT_STALE_MS } from '../registry/process-identity.js';
import type { RegistryStore } from '../registry/store.js';
import type { GroupCommit } from './group-commit.js';
import type { RecordIndex } from './record-index.js';

/** How often a run refreshes the heartbeat of its claims (runs on other hosts judge them by it). */
const HEARTBEAT_MS = HEARTBEAT_STALE_MS / 4;

/**
 * Refresh, on the registry's clock, the heartbeat of the claims a run holds (`held`: claimed
 * ahead or in flight), through the run's group commit; `track` keeps each write until it lands.
 * Returns the function that stops it.
 */
export function startHeartbeat(
  registry: RegistryStore,
  commits: GroupCommit,
  index: RecordIndex,
  held: ReadonlySet<string>,
  track: (write: Promise<unknown>) => void,
): () => void {
  // Real timers in a run (never keeping the process alive), a fake in a test.
  return registry.clock.every(HEARTBEAT_MS, () => {
    if (held.size === 0) return;
    const beat = commits.run((data, log) => {
      const stamp = registry.timestamp();
      for (const id of held) {
        const record = index.sync(data, log).get(id);
        if (record?.status === 'pending' && record.owner) {
          record.owner.heartbeat = stamp;
          log.put(record);
        }
      }
    });
    track(beat);
  });
}

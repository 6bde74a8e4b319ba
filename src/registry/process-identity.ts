import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

/** Who holds a claim or a lock: a run, not just a pid (pids are reused, and pid 1 is alive in every container). */
export interface RunIdentity {
  host: string;
  pid: number;
  /** The process start time (clock ticks since boot, from /proc/<pid>/stat), where the system tells it. */
  start?: string;
  /** Random per run: tells apart runs of one process. */
  nonce: string;
}

/** How long a claim or lock from another host counts as alive after its last heartbeat. */
export const HEARTBEAT_STALE_MS = 60_000;

/** The process identity port: this run's identity, and whether another run is still going. */
export interface ProcessProbe {
  readonly self: RunIdentity;
  /** True or false when this host can tell; undefined for a run on another host (judge it by its heartbeat). */
  isRunning(owner: RunIdentity): boolean | undefined;
  /** This run is over: its claims are dead from now on. */
  end(): void;
}

/** Nonces of the runs of this process that have not ended (in-process tests run several). */
const runningHere = new Set<string>();

/** The real probe: host name, pid, /proc start time and a fresh nonce. */
export function systemProcesses(): ProcessProbe {
  // /proc/self, not /proc/<pid>: in a pid namespace that kept the host's /proc, /proc/1 is the host's init.
  const start = processStartTime('self');
  const self: RunIdentity = { host: os.hostname(), pid: process.pid, ...(start ? { start } : {}), nonce: crypto.randomBytes(8).toString('hex') };
  runningHere.add(self.nonce);
  return {
    self,
    isRunning(owner) {
      if (owner.host !== self.host) return undefined;
      if (owner.pid === self.pid && owner.start === self.start) return runningHere.has(owner.nonce);
      if (!pidRunning(owner.pid)) return false;
      const now = processStartTime(owner.pid);
      // Where the start time cannot be read (no /proc), a running pid is trusted.
      return owner.start === undefined || now === undefined || now === owner.start;
    },
    end() {
      runningHere.delete(self.nonce);
    },
  };
}

/** Whether a pid names a running process (EPERM: it runs, as another user). */
export function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined where /proc is missing. */
export function processStartTime(pid: number | 'self'): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[19];
    return start && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

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
  /** The pid namespace (inode of /proc/self/ns/pid) the pid belongs to, where the system tells it. */
  ns?: string;
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
  const ns = pidNamespace('self');
  const self: RunIdentity = { host: os.hostname(), pid: process.pid, ...(start ? { start } : {}), nonce: crypto.randomBytes(8).toString('hex'), ...(ns ? { ns } : {}) };
  runningHere.add(self.nonce);
  return {
    self,
    isRunning(owner) {
      if (owner.host !== self.host) return undefined;
      // Another pid namespace on this host (a container sharing the host name): its pids mean other processes here.
      if (owner.ns !== undefined && self.ns !== undefined && owner.ns !== self.ns) return runningInNamespace(owner);
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

/** The inode of the initial pid namespace (Linux PROC_PID_INIT_INO, 0xEFFFFFFC). */
const ROOT_PID_NAMESPACE = String(0xeffffffc);

/** The pid namespace of a process (the inode in /proc/<pid>/ns/pid); undefined where the system does not tell. */
function pidNamespace(pid: number | string): string | undefined {
  try {
    return /^pid:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/ns/pid`))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Whether a run of another pid namespace still goes, seen through /proc: a process in that namespace
 * with that pid there (the last NSpid) and that start time. When no visible process is in the namespace,
 * it is gone if this process sees every process (the root namespace); else this host cannot tell.
 */
function runningInNamespace(owner: RunIdentity): boolean | undefined {
  let seen = false;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    if (pidNamespace(pid) !== owner.ns) continue;
    seen = true;
    if (lastNsPid(pid) === owner.pid) return !isZombie(pid) && (owner.start === undefined || processStartTime(Number(pid)) === owner.start);
  }
  if (seen) return false;
  // Only the root namespace sees every process: elsewhere (a sibling container) the namespace may live unseen.
  return pidNamespace('self') === ROOT_PID_NAMESPACE ? false : undefined;
}

/** The pid of a process in its own namespace (the last NSpid of /proc/<pid>/status). */
function lastNsPid(pid: number | string): number | undefined {
  try {
    const line = /^NSpid:\s*(.*)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return line ? Number(line.trim().split(/\s+/).at(-1)) : undefined;
  } catch {
    return undefined;
  }
}


/** Whether a process has ended and waits to be reaped (state Z or X in /proc/<pid>/stat). */
function isZombie(pid: number | string): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true;
  }
}

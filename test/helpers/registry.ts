import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { REGISTRY_VERSION } from '../../src/registry/format.js';
import { registrySchema, type RegistryData, type RegistryRecord } from '../../src/registry/schema.js';

/** A 24-hex course id numbered n. */
export function courseId(n: number): string {
  return `634fc35ddaf58580e24${n.toString(16).padStart(5, '0')}`;
}

/** An active record as the registry stores it. */
export function record(apiUrl: string, n: number, overrides: Partial<RegistryRecord> = {}): RegistryRecord {
  const stamp = '2026-01-01T00:00:00.000Z';
  return {
    id: `wh_${n.toString(36).padStart(8, '0')}`,
    apiUrl,
    profile: 'default',
    event: 'course.completed',
    hookUrl: 'https://hooks.example.com/tm',
    scope: { key: 'course', id: courseId(n) },
    status: 'active',
    createdAt: stamp,
    updatedAt: stamp,
    ...overrides,
  };
}

/** Write a registry file holding these records; returns its path. */
export function writeRegistry(home: string, records: RegistryRecord[]): string {
  const file = path.join(home, 'subscriptions.json');
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ version: REGISTRY_VERSION, subscriptions: records }, null, 2) + '\n');
  return file;
}

/** Read and validate a registry file (throws when it is not valid). */
export function readRegistry(file: string): RegistryData {
  return registrySchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** A claim's owner naming this test process as a live run (its nonce is not one of a run here). */
export function liveOwner(pid = process.pid): NonNullable<RegistryRecord['owner']> {
  return { host: os.hostname(), pid, nonce: '00000000deadbeef', heartbeat: new Date().toISOString() };
}

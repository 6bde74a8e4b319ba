// Data of the benchmark: course ids, registration files and registry files in the registry format.
import crypto from 'node:crypto';
import fs from 'node:fs';

/** `count` distinct 24-hex course ids, starting at `offset`. */
export function courseIds(count, offset = 0) {
  return Array.from({ length: count }, (_, i) => (offset + i).toString(16).padStart(24, '0'));
}

/** A JSON-lines registrations file (the format of subscribe --from-file). */
export function writeRegistrationsFile(file, hookUrl, ids, event = 'course.completed.100') {
  fs.writeFileSync(file, ids.map((course) => JSON.stringify({ hookUrl, event, course })).join('\n') + '\n');
}

/**
 * A registry file with one active record per course id, as the CLI itself would have written it:
 * `response: 'full'` keeps TagMango's whole answer as 0.1.0 did, 'excerpt' what this version keeps.
 */
export function writeRegistry(file, { apiUrl, hookUrl, event, ids, response = 'full' }) {
  const stamp = new Date('2026-01-01T00:00:00.000Z').toISOString();
  const taken = new Set();
  const subscriptions = ids.map((course, i) => {
    let id;
    do id = `wh_${crypto.randomBytes(6).readUIntBE(0, 6).toString(36).padStart(8, '0').slice(-8)}`;
    while (taken.has(id));
    taken.add(id);
    const remoteId = (i + 1).toString(16).padStart(24, 'a');
    return {
      id,
      apiUrl,
      profile: 'default',
      event,
      hookUrl,
      scope: { key: 'course', id: course },
      status: 'active',
      createdAt: stamp,
      updatedAt: stamp,
      remoteId,
      response:
        response === 'full'
          ? { message: 'Webhook created', success: true, result: { _id: remoteId, hookUrl, event, course }, code: 201, statusMessage: 'Created' }
          : { message: 'Webhook created', success: true, code: 201, statusMessage: 'Created' },
    };
  });
  fs.writeFileSync(file, JSON.stringify({ version: response === 'full' ? 1 : 2, subscriptions }, null, 2) + '\n', { mode: 0o600 });
}

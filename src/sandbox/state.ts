import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExitCode, FileError } from '../errors.js';
import { parseJsonAs } from '../files/read-json.js';
import { writeFileAtomic } from '../files/safe-files.js';

const scopeSchema = z.object({ key: z.string(), id: z.string() }).nullable();

const registrationSchema = z.object({
  _id: z.string().regex(/^[0-9a-f]{24}$/),
  hookUrl: z.string(),
  event: z.string(),
  scope: scopeSchema,
  createdAt: z.string(),
});

const stateSchema = z.object({ version: z.literal(1), registrations: z.array(registrationSchema) });

/** One webhook registered with the sandbox. */
export type SandboxRegistration = z.infer<typeof registrationSchema>;

/** The sandbox's registrations, in memory and, with --state, in a JSON file written atomically. */
export class SandboxState {
  private readonly registrations: SandboxRegistration[];

  constructor(
    private readonly file: string | undefined,
    private readonly now: () => Date,
  ) {
    this.registrations = file ? load(file) : [];
  }

  /** Every registration, oldest first. */
  all(): readonly SandboxRegistration[] {
    return this.registrations;
  }

  /** Store a new registration (TagMango keeps duplicates as separate webhooks) and return it. */
  add(entry: Omit<SandboxRegistration, '_id' | 'createdAt'>): SandboxRegistration {
    const registration = { _id: crypto.randomBytes(12).toString('hex'), ...entry, createdAt: this.now().toISOString() };
    this.registrations.push(registration);
    if (this.file) save(this.file, this.registrations);
    return registration;
  }
}

function load(file: string): SandboxRegistration[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new FileError('STATE_UNREADABLE', `Cannot read the sandbox state ${file}: ${(error as Error).message}.`, file, 'Choose another file with --state.');
  }
  const state = parseJsonAs(text, stateSchema, (what, detail) =>
    invalid(file, what === 'is not valid JSON' ? what : `does not hold sandbox registrations (${detail ?? 'invalid'})`));
  return state.registrations;
}

function save(file: string, registrations: SandboxRegistration[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify({ version: 1, registrations }, null, 2) + '\n');
}

function invalid(file: string, what: string): FileError {
  return new FileError('STATE_INVALID', `The sandbox state ${file} ${what}.`, file, 'It was left untouched: fix or delete it, or choose another file with --state.', ExitCode.usage);
}

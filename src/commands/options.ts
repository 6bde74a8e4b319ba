import { InvalidArgumentError } from 'commander';

/** Collect a repeatable option; commas separate several values too. An empty value is refused: it would widen the scope to all. */
export function collect(value: string, previous: string[] = []): string[] {
  const values = value.split(',').filter((v) => v.trim() !== '');
  if (values.length === 0) throw new InvalidArgumentError('An id cannot be empty (leave the option out to register for all).');
  return [...previous, ...values];
}

/** Pieces of JSON are gathered up to this size before each write. */
const CHUNK_CHARS = 64 * 1024;

/** Containers this deep or deeper (a record in a document's list) are serialized in one piece. */
const WHOLE_DEPTH = 2;

/**
 * The text of `JSON.stringify(value, null, 2)` in chunks of about 64 KB: the document and its
 * top-level lists are walked, their items serialized one at a time, so a document of 10,000
 * records never exists as one string, and the writer can wait for stdout to drain between
 * chunks. `piece` sees every item whole (to mask secrets).
 */
export function* prettyJsonChunks(value: unknown, piece: (text: string) => string): Generator<string, void, undefined> {
  let buffered: string[] = [];
  let size = 0;
  const emit = (text: string): void => {
    buffered.push(text);
    size += text.length;
  };
  const take = (): string => {
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    return chunk;
  };
  function* visit(node: unknown, indent: string, inArray: boolean, depth: number): Generator<string, void, undefined> {
    if (size >= CHUNK_CHARS) yield take();
    const inner = `${indent}  `;
    const walk = depth < WHOLE_DEPTH;
    if (walk && Array.isArray(node) && node.length > 0) {
      emit('[');
      for (const [i, item] of node.entries()) {
        emit(`${i > 0 ? ',' : ''}\n${inner}`);
        yield* visit(item, inner, true, depth + 1);
      }
      emit(`\n${indent}]`);
      return;
    }
    if (walk && node instanceof MappedList && node.items.length > 0) {
      emit('[');
      for (const [i, item] of node.items.entries()) {
        emit(`${i > 0 ? ',' : ''}\n${inner}`);
        yield* visit(node.map(item), inner, true, depth + 1);
      }
      emit(`\n${indent}]`);
      return;
    }
    if (walk && isPlainObject(node)) {
      const entries = Object.entries(node).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
      if (entries.length === 0) {
        emit('{}');
        return;
      }
      emit('{');
      for (const [i, [key, v]] of entries.entries()) {
        emit(`${i > 0 ? ',' : ''}\n${inner}${JSON.stringify(key)}: `);
        yield* visit(v, inner, false, depth + 1);
      }
      emit(`\n${indent}}`);
      return;
    }
    const text = JSON.stringify(node, null, 2) as string | undefined;
    emit(piece(text === undefined ? (inArray ? 'null' : '') : text.replaceAll('\n', `\n${indent}`)));
  }
  yield* visit(value, '', false, 0);
  if (size > 0) yield take();
}

/**
 * A list whose items are made as the JSON writer reaches them (`list --json` over 40,000 records
 * is never copied whole); `JSON.stringify` sees the mapped array.
 */
export class MappedList<T, U> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => U,
  ) {}

  /** The mapped items, for a serializer that does not walk lists. */
  toJSON(): U[] {
    return this.items.map(this.map);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

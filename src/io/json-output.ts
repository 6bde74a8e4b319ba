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
    if (walk && node instanceof ExtendedList && node.items.length > 0) {
      emit('[');
      for (const [i, item] of node.items.entries()) {
        if (size >= CHUNK_CHARS) yield take();
        emit(`${i > 0 ? ',' : ''}\n${inner}`);
        const text = extendedText(item, node.extra(item));
        if (text === undefined) yield* visit({ ...item, ...node.extra(item) }, inner, true, depth + 1);
        else emit(piece(text.replaceAll('\n', `\n${inner}`)));
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
 * A list of records, each written with a few more fields (`list --json`'s `deprecated`) without
 * copying it: 40,000 records are never copied for the document. `JSON.stringify` sees the copies.
 */
export class ExtendedList<T extends object> {
  constructor(
    readonly items: readonly T[],
    readonly extra: (item: T) => Record<string, unknown>,
  ) {}

  /** The extended items, for a serializer that does not walk lists. */
  toJSON(): Array<T & Record<string, unknown>> {
    return this.items.map((item) => ({ ...item, ...this.extra(item) }));
  }
}

/** `JSON.stringify({ ...item, ...extra }, null, 2)` from the item's own text; undefined where only a copy says it exactly. */
function extendedText(item: object, extra: Record<string, unknown>): string | undefined {
  if (!isPlainObject(item)) return undefined;
  const text = JSON.stringify(item, null, 2) as string | undefined;
  if (text === undefined || !text.endsWith('\n}')) return undefined;
  let tail = '';
  for (const [key, value] of Object.entries(extra)) {
    // A key the item has keeps its place; an array-index key comes before the others.
    if (Object.hasOwn(item, key) || isIndexKey(key)) return undefined;
    const inner = JSON.stringify(value, null, 2) as string | undefined;
    if (inner === undefined) continue;
    tail += `,\n  ${JSON.stringify(key)}: ${inner.replaceAll('\n', '\n  ')}`;
  }
  return `${text.slice(0, -2)}${tail}\n}`;
}

function isIndexKey(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

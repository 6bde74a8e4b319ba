/**
 * Passes items on in input order although they settle out of order: an item settled ahead of an
 * earlier one waits (at most the items in flight, claimed ahead or being written), then goes out
 * and is forgotten. `take(position)` hands over the item once and lets the caller drop it.
 */
export class InOrder<T> {
  private next = 0;
  private readonly ready = new Set<number>();

  constructor(
    private readonly take: (position: number) => T,
    private readonly emit: (item: T, position: number) => void,
  ) {}

  /** The item at `position` is final: it goes out now, or when every earlier one has. */
  settle(position: number): void {
    if (position < this.next) return;
    this.ready.add(position);
    while (this.ready.delete(this.next)) {
      const position = this.next++;
      this.emit(this.take(position), position);
    }
  }

  /** The first position not yet passed on. */
  get pending(): number {
    return this.next;
  }
}

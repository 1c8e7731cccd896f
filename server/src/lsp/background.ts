/**
 * Work the language server does between the editor's messages: closed files linted in the
 * background, and the scan that reads a workspace's files in. Both run in slices of
 * SLICE_MS, one turn of the event loop each, so that a keystroke that arrives meanwhile is
 * handled after at most one slice, and they wait while a keystroke's lint is due (typing first).
 * Pure: timers only (Node's setImmediate, or a 0 ms timer in a web worker).
 */

/** A slice of background work takes at most this many ms (plus one item). */
export const SLICE_MS = 5;

/** Runs `f` on a later turn of the event loop (setImmediate where there is one: Node; else a 0 ms timer: web workers). */
export const later: (f: () => void) => void = typeof setImmediate === 'function' ? (f) => void setImmediate(f) : (f) => void setTimeout(f, 0);

/** Resolves on a later turn of the event loop. */
export const nextTurn = (): Promise<void> => new Promise<void>((r) => later(r));

/**
 * A set of keys to work through in the background, each once however often it is added, in slices
 * that yield to the editor and wait while `busy()` (a keystroke's lint is due).
 */
export class BackgroundQueue {
  private keys = new Set<string>();
  private running = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly run: (key: string) => void,
    /** Something more urgent is due: wait. */
    private readonly busy: () => boolean,
    /** Stop for good (shutdown). */
    private readonly stopped: () => boolean,
    /** Starts no earlier than this. */
    private readonly ready: Promise<void>,
    /** Called when the queue starts and ends working (for a status notification). */
    private readonly changed: () => void = () => undefined,
  ) {}

  get working(): boolean {
    return this.running;
  }

  get size(): number {
    return this.keys.size;
  }

  add(keys: Iterable<string>): void {
    for (const k of keys) this.keys.add(k);
    this.pump();
  }

  delete(key: string): void {
    this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
  }

  /** Resolves when the queue is empty. */
  whenIdle(): Promise<void> {
    if (!this.running && this.keys.size === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private pump(): void {
    if (this.running || this.keys.size === 0 || this.stopped()) return;
    this.running = true;
    this.changed();
    const step = (): void => {
      if (this.stopped()) return;
      if (!this.busy()) {
        const until = Date.now() + SLICE_MS;
        for (const key of this.keys) {
          this.keys.delete(key);
          this.run(key);
          if (Date.now() >= until) break;
        }
      }
      if (this.keys.size > 0) return later(step);
      this.running = false;
      for (const f of this.idle.splice(0)) f();
      this.changed();
    };
    void this.ready.then(() => later(step));
  }
}

/**
 * A loop's yield point: after SLICE_MS of work, or while `busy()`, wait for later turns of the
 * event loop (the editor's messages first). Returns false once `stopped()`.
 */
export class Slicer {
  private until = Date.now() + SLICE_MS;
  constructor(
    private readonly busy: () => boolean,
    private readonly stopped: () => boolean,
  ) {}

  async yield(): Promise<boolean> {
    if (this.stopped()) return false;
    if (this.busy() || Date.now() >= this.until) {
      do await nextTurn();
      while (this.busy() && !this.stopped());
      this.until = Date.now() + SLICE_MS;
    }
    return !this.stopped();
  }
}

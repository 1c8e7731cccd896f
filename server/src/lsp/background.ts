/**
 * Work the language server does between the editor's messages: closed files linted in the
 * background, and the scan that reads a workspace's files in. Both run in slices of
 * SLICE_MS, one turn of the event loop each, so that a keystroke that arrives meanwhile is
 * handled after at most one slice, and they wait while a keystroke's lint is due (typing first).
 * A closed file's lint is itself cut into slices, a few nodes at a time (PartialLint): one file of
 * a few hundred lines takes tens of ms to lint, too long for a keystroke to wait.
 * Pure: timers only (Node's setImmediate, or a 0 ms timer in a web worker).
 */
import { IncrementalLinter } from '../core/engine';
import type { ResolvedConfig } from '../core/config';
import type { ParsedScript } from '../core/parser';
import type { WorkspaceIndex } from '../core/rule';
import type { Finding } from '../core/types';

/** A slice of background work takes at most this many ms (plus one item: a file's read and parse, or one node's lint). */
const SLICE_MS = 5;

/** Runs `f` on a later turn of the event loop (setImmediate where there is one: Node; else a 0 ms timer: web workers). */
export const later: (f: () => void) => void = typeof setImmediate === 'function' ? (f) => void setImmediate(f) : (f) => void setTimeout(f, 0);

/**
 * Runs `f` after the messages that arrived during the current slice: two turns on. Input read while
 * a slice ran is queued by the connection behind the slice's own next turn (one message per turn),
 * so a single turn would run a second slice before the keystroke; after two, the keystroke's
 * didChange has been handled and its lint is due (`busy`).
 */
export const afterInput = (f: () => void): void => later(() => later(f));

/** Resolves on a later turn of the event loop, after the input that arrived meanwhile (afterInput). */
const nextTurn = (): Promise<void> => new Promise<void>((r) => afterInput(r));

/**
 * One closed file's lint, done over several slices: an IncrementalLinter prepares the nodes' work
 * a node at a time, as many per slice as fit, and the last step lints the whole file with all of
 * it done (what each lint reads of the whole file is cheap), which gives exactly what `lintScript`
 * gives (incremental equals full). Index and config are read at each step: a change meanwhile is
 * taken in as an edit's would be.
 */
export class PartialLint {
  private readonly linter = new IncrementalLinter();
  private done = 0;

  constructor(
    /** What the lint is of (the caller starts again when the file changed). */
    readonly of: unknown,
    private readonly script: ParsedScript,
  ) {}

  /** Lints nodes until `until` (ms, Date.now()); the findings once every node is in, else undefined. */
  step(until: number, index: WorkspaceIndex, config: ResolvedConfig): Finding[] | undefined {
    const all = this.script.nodes.length;
    while (this.done < all) {
      this.linter.prepare(this.script, index, config, this.done, ++this.done);
      if (Date.now() >= until) return undefined;
    }
    return this.linter.lint(this.script, index, config);
  }
}

/**
 * A set of keys to work through in the background, each once however often it is added, in slices
 * that yield to the editor and wait while `busy()` (a keystroke's lint is due). An item can take
 * several slices: `run` returns a state to go on from (kept with the key, dropped with it), or
 * undefined when the key is done.
 */
export class BackgroundQueue<S = unknown> {
  private keys = new Map<string, S | undefined>();
  private running = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly run: (key: string, until: number, state: S | undefined) => S | undefined,
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

  /** Queue keys (a key already queued keeps its place and its state: `run` checks that the state still holds). */
  add(keys: Iterable<string>): void {
    for (const k of keys) if (!this.keys.has(k)) this.keys.set(k, undefined);
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
        for (const [key, state] of this.keys) {
          const next = this.run(key, until, state);
          // (run may have dropped the key itself, or another added it again: only a key still there goes on.)
          if (this.keys.has(key)) {
            if (next === undefined) this.keys.delete(key);
            else this.keys.set(key, next);
          }
          if (Date.now() >= until) break;
        }
      }
      if (this.keys.size > 0) return afterInput(step);
      this.running = false;
      for (const f of this.idle.splice(0)) f();
      this.changed();
    };
    void this.ready.then(() => afterInput(step));
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

/**
 * Hardening of the language server's handlers: an exception in a handler is logged and never
 * reaches the connection (a notification is dropped, a request answered with its fallback);
 * deliberate ResponseErrors go to the client. Pure.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { LOG, type LogText } from './log-text';

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export class Guard {
  constructor(private readonly log: (message: LogText) => void) {}

  /** Run `fn`; an exception is logged. */
  run(name: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log(LOG.failed(name, errorText(e)));
    }
  }

  /** Wrap a notification handler: an exception (or a rejected promise) is logged, never thrown at the connection. */
  notification<P>(name: string, fn: (p: P) => void | Promise<void>): (p: P) => void {
    return (p: P) => {
      try {
        const r = fn(p);
        if (r instanceof Promise) r.catch((e: unknown) => this.log(LOG.failed(name, errorText(e))));
      } catch (e) {
        this.log(LOG.failed(name, errorText(e)));
      }
    };
  }

  /** Wrap a request handler: deliberate ResponseErrors go to the client; anything else is logged and answered with `fallback`. */
  request<P, R, F>(name: string, fallback: F, fn: (p: P) => R | Promise<R>): (p: P) => Promise<R | F> {
    return async (p: P) => {
      try {
        if (!p || typeof p !== 'object') throw new ResponseError(ErrorCodes.InvalidParams, `${name}: missing params`);
        return await fn(p);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        this.log(LOG.failed(name, errorText(e)));
        return fallback;
      }
    };
  }
}

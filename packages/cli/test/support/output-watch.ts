import type { Readable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

/**
 * Collects what a process writes on one stream and lets a test wait for
 * text, as a person reads a terminal: {@link OutputWatch.next} resolves when
 * the output after the cursor matches, and moves the cursor past the match,
 * so the same words said twice are waited for twice. Terminal control codes
 * (colours, cursor moves) are ignored. It waits on events, never on time:
 * when the stream ends without the text, it rejects with everything the
 * stream said.
 */
export class OutputWatch {
  readonly #name: string;
  #raw = '';
  #cursor = 0;
  #ended = false;
  readonly #listeners = new Set<() => void>();

  constructor(stream: Readable, name: string) {
    this.#name = name;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this.#raw += chunk;
      this.#notify();
    });
    stream.on('close', () => {
      this.#ended = true;
      this.#notify();
    });
  }

  /** Everything written so far, control codes included. */
  get raw(): string {
    return this.#raw;
  }

  /** Everything written so far, as text (control codes removed, `\r\n` as `\n`). */
  get text(): string {
    return stripVTControlCharacters(this.#raw).replaceAll('\r\n', '\n');
  }

  /** The text after the cursor. */
  get unread(): string {
    return this.text.slice(this.#cursor);
  }

  /**
   * Resolves with the first match of `pattern` after the cursor (the text
   * for a string, the match for a regular expression), moving the cursor to
   * its end; rejects if the stream closes first.
   */
  next(pattern: string | RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const text = this.text;
        const rest = text.slice(this.#cursor);
        let found: { readonly at: number; readonly match: string } | undefined;
        if (typeof pattern === 'string') {
          const at = rest.indexOf(pattern);
          if (at !== -1) found = { at, match: pattern };
        } else {
          const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(rest);
          if (match !== null) found = { at: match.index, match: match[0] };
        }
        if (found !== undefined) {
          this.#cursor += found.at + found.match.length;
          resolve(found.match);
          return true;
        }
        if (this.#ended) {
          reject(
            new Error(
              `${this.#name} closed without ${String(pattern)} after what was read. It said:\n${text}`,
            ),
          );
          return true;
        }
        return false;
      };
      if (check()) return;
      const listener = (): void => {
        if (check()) this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
    });
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

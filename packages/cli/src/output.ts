import { styleText } from 'node:util';

/** A stream the CLI writes to: standard output or standard error. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** `true` when the stream is a terminal (Node sets it on `process.stdout`). */
  readonly isTTY?: boolean | undefined;
  /** Terminal width in columns, when the stream is a terminal. */
  readonly columns?: number | undefined;
}

/** A style of `util.styleText`: `bold`, `dim`, `red`, `green`, `yellow`, `cyan`... */
export type Style = Parameters<typeof styleText>[0];

/** A spinner shown until the first token arrives; {@link Output.spinner} makes it. */
export interface Spinner {
  /** Erases the spinner's line; safe to call twice. */
  stop(): void;
}

/** How often the spinner's frame changes, in milliseconds. */
const spinnerIntervalMs = 80;
const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Everything the commands print goes through one of two `Output`s (standard
 * output for answers and data, standard error for progress, usage and
 * errors), so terminal detection, colours and the spinner are decided in one
 * place: colours only on a terminal, never with `NO_COLOR`, always with
 * `FORCE_COLOR` (Node's `util.styleText` rules); the spinner only on a
 * terminal, so a pipe or a file never gets control characters.
 */
export class Output {
  readonly #stream: OutputStream;
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>) {
    this.#stream = stream;
    this.#env = env;
  }

  /** Whether the stream is a terminal (a person is watching). */
  get isTTY(): boolean {
    return this.#stream.isTTY === true;
  }

  /** Terminal width, or 100 columns when unknown. */
  get columns(): number {
    return this.#stream.columns ?? 100;
  }

  /** Whether {@link style} adds colour codes: a terminal or `FORCE_COLOR`, and no `NO_COLOR`. */
  get colors(): boolean {
    const { NO_COLOR, FORCE_COLOR, NODE_DISABLE_COLORS } = this.#env;
    if (FORCE_COLOR !== undefined) return FORCE_COLOR !== '0' && FORCE_COLOR !== 'false';
    if ((NO_COLOR !== undefined && NO_COLOR !== '') || NODE_DISABLE_COLORS !== undefined) {
      return false;
    }
    return this.isTTY && this.#env.TERM !== 'dumb';
  }

  /** `text` in `style` when colours are on, else as it is. */
  style(style: Style | readonly Style[], text: string): string {
    if (!this.colors) return text;
    return styleText(style as Style, text, { validateStream: false });
  }

  /** Writes text as it is. */
  write(text: string): void {
    this.#stream.write(text);
  }

  /** Writes one line. */
  line(text = ''): void {
    this.#stream.write(`${text}\n`);
  }

  /**
   * Starts a spinner with `label` on a terminal; elsewhere does nothing.
   * Stop it before writing anything else to the stream.
   */
  spinner(label: string): Spinner {
    if (!this.isTTY) return { stop: () => undefined };
    let frame = 0;
    const draw = (): void => {
      this.#stream.write(
        `\r${this.style('cyan', spinnerFrames[frame % spinnerFrames.length]!)} ${this.style('dim', label)}`,
      );
      frame++;
    };
    draw();
    const timer = setInterval(draw, spinnerIntervalMs);
    timer.unref();
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        // Back to the start of the line, and erase it.
        this.#stream.write('\r\u001B[2K');
      },
    };
  }

  /**
   * A table with a header row, each column as wide as its widest cell;
   * `align: 'right'` for numbers.
   */
  table(
    columns: readonly { readonly title: string; readonly align?: 'left' | 'right' }[],
    rows: readonly (readonly string[])[],
  ): void {
    const widths = columns.map((column, index) =>
      Math.max(column.title.length, ...rows.map((row) => (row[index] ?? '').length)),
    );
    const render = (cells: readonly string[]): string =>
      cells
        .map((cell, index) =>
          columns[index]?.align === 'right'
            ? cell.padStart(widths[index]!)
            : cell.padEnd(widths[index]!),
        )
        .join('  ')
        .trimEnd();
    this.line(this.style('bold', render(columns.map((column) => column.title))));
    for (const row of rows) this.line(render(row));
  }
}

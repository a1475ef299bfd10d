import type { LlmErrorOptions } from './llm-error.ts';
import { ConfigError } from './library-errors.ts';

/** Options of {@link ModelRetiredError}. */
export interface ModelRetiredErrorOptions extends LlmErrorOptions {
  /** Day the provider stopped serving the model (`YYYY-MM-DD`). */
  readonly endOfLifeOn: string;
  /** The model id the provider recommends instead, when it names one. */
  readonly replacement?: string | undefined;
}

/**
 * The model id names a model its provider has retired: calls to it can only
 * fail, so the model is refused when it is made, before any call. The
 * message names the replacement. A configuration error: change the id.
 */
export class ModelRetiredError extends ConfigError {
  static override readonly errorName: string = 'ModelRetiredError';
  /** Day the provider stopped serving the model (`YYYY-MM-DD`). */
  readonly endOfLifeOn: string;
  /** The model id the provider recommends instead, when it names one. */
  readonly replacement: string | undefined;
  constructor(message: string, options: ModelRetiredErrorOptions) {
    super(message, options);
    this.endOfLifeOn = options.endOfLifeOn;
    this.replacement = options.replacement;
  }
}

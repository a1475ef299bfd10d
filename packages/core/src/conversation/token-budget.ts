import { ConfigError } from '../errors/library-errors.ts';
import { ContextLengthExceededError } from '../errors/provider-errors.ts';
import type { ChatMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { StoredSummary } from './conversation-store.ts';
import type { MemoryContext, MemoryPolicy } from './memory-policy.ts';
import { summarizeTurns, summaryMessage, type SummarizeOptions } from './summarize-turns.ts';
import { estimateTokenCounter, type TokenCounter } from './token-counter.ts';

/** Options of {@link tokenBudget}. */
export interface TokenBudgetOptions {
  /**
   * How tokens are counted: a counter, or a function that picks one for the
   * model in use (`tokenCounterFor` of `@org/llm-memory`: exact OpenAI
   * encodings, a calibrated Claude estimate). Default: `estimateTokenCounter()`.
   */
  readonly counter?: TokenCounter | ((model: ChatModel) => TokenCounter) | undefined;
  /**
   * Tokens left free besides `maxOutputTokens`: room for the tool loop's later
   * steps and for counting error. Default: 5% of what the window leaves after
   * `maxOutputTokens`.
   */
  readonly marginTokens?: number | undefined;
  /**
   * Most input tokens a request may carry. Needed for models whose context
   * window is unknown; otherwise it lowers the budget (to keep costs down).
   */
  readonly maxInputTokens?: number | undefined;
  /** Replace the turns that no longer fit with a summary instead of dropping them. */
  readonly summarize?: SummarizeOptions | undefined;
  /** Most message counts kept in the per-message cache; default 20,000. */
  readonly cacheSize?: number | undefined;
}

/** Messages grouped so that a window can start at any group: each starts at a user message. */
interface Unit {
  readonly messages: ChatMessage[];
  /** First and last stored turn in the unit (`undefined` for the new input). */
  fromVersion: number | undefined;
  toVersion: number | undefined;
  tokens: number;
}

/** The input budget and how it was computed, for error messages. */
interface Budget {
  readonly tokens: number;
  readonly explanation: string;
}

function budgetFor(
  model: ChatModel,
  maxOutputTokens: number | undefined,
  options: TokenBudgetOptions,
): Budget {
  const window = model.capabilities.contextWindow;
  const name = `${model.provider}:${model.modelId}`;
  const fromWindow = (): Budget | undefined => {
    if (window === undefined) return undefined;
    const output = maxOutputTokens ?? model.capabilities.maxOutputTokens ?? 0;
    const margin = options.marginTokens ?? Math.ceil(0.05 * Math.max(0, window - output));
    return {
      tokens: window - output - margin,
      explanation: `context window ${window} - max output ${output} - margin ${margin}`,
    };
  };
  const computed = fromWindow();
  const capped =
    options.maxInputTokens !== undefined &&
    (computed === undefined || options.maxInputTokens < computed.tokens)
      ? { tokens: options.maxInputTokens, explanation: `maxInputTokens ${options.maxInputTokens}` }
      : computed;
  if (capped === undefined) {
    throw new ConfigError(
      `tokenBudget: the context window of ${name} is unknown (its capabilities have no contextWindow); pass maxInputTokens.`,
      { provider: model.provider, modelId: model.modelId },
    );
  }
  if (capped.tokens <= 0) {
    throw new ConfigError(
      `tokenBudget: ${name} leaves no room for input (${capped.explanation} = ${capped.tokens}); lower maxOutputTokens or marginTokens.`,
      { provider: model.provider, modelId: model.modelId },
    );
  }
  return capped;
}

function checkOptions(options: TokenBudgetOptions): void {
  const whole = (value: number | undefined, name: string, min: number): void => {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
      throw new ConfigError(
        `tokenBudget: ${name} must be a whole number of at least ${min}; got ${value}.`,
      );
    }
  };
  whole(options.marginTokens, 'marginTokens', 0);
  whole(options.maxInputTokens, 'maxInputTokens', 1);
  whole(options.cacheSize, 'cacheSize', 0);
  whole(options.summarize?.maxSummaryTokens, 'summarize.maxSummaryTokens', 1);
  const ratio = options.summarize?.keepRatio;
  if (ratio !== undefined && !(ratio >= 0.1 && ratio <= 0.9)) {
    throw new ConfigError(
      `tokenBudget: summarize.keepRatio must be from 0.1 to 0.9; got ${ratio}.`,
    );
  }
}

/**
 * A message's key in the count cache: its role and text when its content is
 * text (the common case, and cheap), else its JSON with bytes reduced to
 * their length. `providerOptions` are left out: no tokenizer counts them.
 */
function cacheKey(counterId: string, message: ChatMessage): string {
  if (typeof message.content === 'string')
    return `${counterId}\u0001${message.role}\u0001${message.content}`;
  return `${counterId}\u0001${message.role}\u0002${JSON.stringify(
    message.content,
    (_key, value: unknown) => (value instanceof Uint8Array ? `\u0000bytes:${value.length}` : value),
  )}`;
}

/**
 * The stored turns behind `messages` (the turns' messages, then the new
 * input), grouped into units that start at user messages; `undefined` when
 * the messages do not line up with the turns.
 */
function unitsOf(
  nonSystem: readonly ChatMessage[],
  messages: readonly ChatMessage[],
  context: MemoryContext | undefined,
): Unit[] {
  const units: Unit[] = [];
  const add = (message: ChatMessage, version: number | undefined): void => {
    const last = units.at(-1);
    if (last === undefined || message.role === 'user') {
      units.push({ messages: [message], fromVersion: version, toVersion: version, tokens: 0 });
      return;
    }
    last.messages.push(message);
    if (version !== undefined) {
      last.fromVersion ??= version;
      last.toVersion = version;
    }
  };
  const turns = context?.turns ?? [];
  let index = 0;
  let aligned = true;
  for (const turn of turns) {
    for (const message of turn.messages) {
      if (messages[index] !== message) aligned = false;
      index++;
      if (message.role !== 'system') add(message, turn.version);
    }
  }
  if (!aligned || index > messages.length) {
    // Not the stored turns (a policy called by other code): group by user messages only.
    units.length = 0;
    for (const message of nonSystem) add(message, undefined);
    return units;
  }
  for (const message of messages.slice(index))
    if (message.role !== 'system') add(message, undefined);
  return units;
}

/**
 * Sends the longest tail of the history that fits the model's context
 * window: `contextWindow - maxOutputTokens - margin` tokens, counted for the
 * model in use. System messages of the history are pinned (always sent,
 * first), the window starts at a user message (so a tool call is never
 * separated from its result), and the new input is always sent: when even it
 * does not fit, the turn fails with `ContextLengthExceededError` before any
 * call. Counts are cached per message, so a long conversation is not counted
 * again every turn.
 *
 * With `summarize`, the turns that no longer fit are replaced by a summary
 * written by another (cheaper) model; the summary is stored with the range of
 * turns it replaces, the turns themselves stay, and later turns reuse it until
 * the history outgrows it again.
 *
 * @example
 * new Conversation({ model, store, memory: tokenBudget({ counter: tokenCounterFor }) });
 */
export function tokenBudget(options: TokenBudgetOptions = {}): MemoryPolicy {
  checkOptions(options);
  const cache = new Map<string, number>();
  const cacheSize = options.cacheSize ?? 20_000;
  const fallbackCounter = estimateTokenCounter();

  const counterFor = (model: ChatModel | undefined): TokenCounter => {
    const counter = options.counter;
    if (counter === undefined) return fallbackCounter;
    if (typeof counter !== 'function') return counter;
    if (model === undefined) {
      throw new ConfigError(
        'tokenBudget: a per-model counter needs the model; use the policy through a Conversation.',
      );
    }
    return counter(model);
  };

  const count = async (
    counter: TokenCounter,
    messages: readonly ChatMessage[],
  ): Promise<number[]> => {
    const keys = messages.map((message) => cacheKey(counter.id, message));
    const missing: number[] = [];
    const counts = keys.map((key, index) => {
      const hit = cache.get(key);
      if (hit === undefined) missing.push(index);
      return hit ?? 0;
    });
    if (missing.length > 0) {
      const fresh = await counter.countMessages(missing.map((index) => messages[index]!));
      missing.forEach((index, position) => {
        const value = fresh[position] ?? 0;
        counts[index] = value;
        cache.set(keys[index]!, value);
      });
      // The oldest entries go first: a long conversation's earliest messages, which trimming drops first.
      while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    }
    return counts;
  };

  const sum = (values: readonly number[]): number =>
    values.reduce((total, value) => total + value, 0);

  return {
    async select(messages, context) {
      const model = context?.model;
      const counter = counterFor(model);
      const pinned = messages.filter((message) => message.role === 'system');
      const nonSystem = messages.filter((message) => message.role !== 'system');
      const units = unitsOf(nonSystem, messages, context);
      const unitCounts = await count(
        counter,
        units.flatMap((unit) => unit.messages),
      );
      let offset = 0;
      for (const unit of units) {
        unit.tokens = sum(unitCounts.slice(offset, offset + unit.messages.length));
        offset += unit.messages.length;
      }
      const fixed =
        (await counter.countOverhead(context?.request ?? {})) + sum(await count(counter, pinned));
      const budget =
        model === undefined
          ? options.maxInputTokens === undefined
            ? undefined
            : {
                tokens: options.maxInputTokens,
                explanation: `maxInputTokens ${options.maxInputTokens}`,
              }
          : budgetFor(model, context?.request.maxOutputTokens, options);
      if (budget === undefined) {
        throw new ConfigError(
          'tokenBudget: without a model (outside a Conversation), pass maxInputTokens.',
        );
      }
      const newest = units.at(-1);
      if (newest === undefined) return messages;
      if (fixed + newest.tokens > budget.tokens) {
        const name = model === undefined ? 'the model' : `${model.provider}:${model.modelId}`;
        throw new ContextLengthExceededError(
          `${context === undefined ? 'The conversation' : `Conversation '${context.conversationId}'`}: the newest turn needs ${newest.tokens} tokens and the system prompt, tools and pinned messages ${fixed}, ${fixed + newest.tokens} in all, but ${name} accepts ${budget.tokens} input tokens here (${budget.explanation}). Shorten the message or the system prompt, lower maxOutputTokens, or use a model with a larger context window.`,
          { provider: model?.provider, modelId: model?.modelId },
        );
      }
      const fit = (limit: number, from = units.length - 1): number => {
        let start = from;
        let total = sum(units.slice(start).map((unit) => unit.tokens));
        while (start > 0 && total + units[start - 1]!.tokens <= limit) {
          start--;
          total += units[start]!.tokens;
        }
        return start;
      };
      const start = fit(budget.tokens - fixed);
      const window = (from: number): ChatMessage[] =>
        units.slice(from).flatMap((unit) => unit.messages);
      if (start === 0) return [...pinned, ...window(0)];
      const summarize = options.summarize;
      if (
        summarize === undefined ||
        context === undefined ||
        units[start - 1]!.toVersion === undefined
      ) {
        return [...pinned, ...window(start)];
      }

      // Where a summary ending at `toVersion` lets the window start: the first unit after it.
      const startAfter = (toVersion: number): number | undefined => {
        const index = units.findIndex(
          (unit) => unit.fromVersion === undefined || unit.fromVersion > toVersion,
        );
        if (index < 0) return undefined;
        const before = units[index - 1];
        return before === undefined || (before.toVersion ?? 0) <= toVersion ? index : undefined;
      };
      const prefixSummaries = context.summaries
        .filter((summary) => summary.fromVersion === 1)
        .sort((a, b) => a.toVersion - b.toVersion);
      const withSummary = async (
        summary: Pick<StoredSummary, 'fromVersion' | 'toVersion' | 'text'>,
        from: number,
      ) => {
        const message = summaryMessage(summary);
        const tokens = sum(await count(counter, [message]));
        // A summary longer than planned pushes more turns out (never the newest).
        let first = from;
        let total = fixed + tokens + sum(units.slice(first).map((unit) => unit.tokens));
        while (total > budget.tokens && first < units.length - 1) {
          total -= units[first]!.tokens;
          first++;
        }
        return total <= budget.tokens ? [...pinned, message, ...window(first)] : undefined;
      };

      // Reuse the stored summary that keeps the most turns verbatim and fits.
      for (const summary of prefixSummaries) {
        const from = startAfter(summary.toVersion);
        if (from === undefined || from === 0) continue;
        const tokens = sum(await count(counter, [summaryMessage(summary)]));
        if (fixed + tokens + sum(units.slice(from).map((unit) => unit.tokens)) <= budget.tokens) {
          return (await withSummary(summary, from))!;
        }
      }

      // Summarise anew, down to `keepRatio` of the room, so the next turns reuse it.
      const reserve = summarize.maxSummaryTokens ?? 1000;
      const room = budget.tokens - fixed - reserve;
      if (room < newest.tokens) return [...pinned, ...window(start)];
      const keepFrom = fit(
        Math.max(newest.tokens, Math.floor((summarize.keepRatio ?? 0.5) * room)),
      );
      const toVersion = units[keepFrom - 1]!.toVersion!;
      const base = prefixSummaries
        .filter(
          (summary) =>
            summary.toVersion <= toVersion && startAfter(summary.toVersion) !== undefined,
        )
        .at(-1);
      const fresh = units
        .slice(0, keepFrom)
        .filter((unit) => base === undefined || (unit.fromVersion ?? 0) > base.toVersion)
        .flatMap((unit) => unit.messages);
      const summary = await summarizeTurns(summarize, {
        previous: base?.text,
        messages: fresh,
        fromVersion: 1,
        toVersion,
        abortSignal: context.request.abortSignal,
      });
      if (summary === undefined) return [...pinned, ...window(start)];
      await context.saveSummary(summary);
      return (await withSummary(summary, keepFrom)) ?? [...pinned, ...window(start)];
    },
  };
}

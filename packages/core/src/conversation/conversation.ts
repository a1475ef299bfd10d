import { ConfigError, ConversationConflictError } from '../errors/library-errors.ts';
import { StreamInterruptedError } from '../errors/transport-errors.ts';
import type { AssistantContentPart } from '../messages/content-parts.ts';
import type { ChatMessage, UserMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ChatRequest } from '../spec/chat-request.ts';
import { toAssistantMessage, type ChatResult } from '../spec/chat-result.ts';
import type { ChatStreamPart } from '../spec/chat-stream-part.ts';
import { addUsage, type Usage } from '../spec/usage.ts';
import { ChatStream } from '../stream/chat-stream.ts';
import { executeToolCalls, runTools } from '../tools/run-tools.ts';
import type { Tool } from '../tools/tool.ts';
import type {
  ConversationStore,
  StoredSummary,
  StoredTurn,
  TurnStatus,
} from './conversation-store.ts';
import { InMemoryConversationStore } from './in-memory-conversation-store.ts';
import type { MemoryContext, MemoryPolicy } from './memory-policy.ts';

/** Request settings a conversation passes on every call (everything but messages, system and tools). */
export type ConversationRequestSettings = Omit<ChatRequest, 'messages' | 'system' | 'tools'>;

/** Options of {@link Conversation}. */
export interface ConversationOptions {
  /** The model to talk to; it can be changed between turns with {@link Conversation.model}. */
  readonly model: ChatModel;
  /** The conversation's id in the store; a random UUID by default. */
  readonly id?: string | undefined;
  /** System prompt, pinned: sent with every turn, never trimmed, not stored as a message. */
  readonly system?: string | undefined;
  /** Where the history persists; an in-memory store by default. */
  readonly store?: ConversationStore | undefined;
  /**
   * Which stored messages go into each request (`lastMessages(n)`,
   * `tokenBudget(...)`); all of them by default. Interrupted turns are never sent.
   */
  readonly memory?: MemoryPolicy | undefined;
  /** Tools the model may call; they run automatically during a turn. */
  readonly tools?: readonly Tool[] | undefined;
  /** Most model calls in one turn when tools are used; default 5. */
  readonly maxSteps?: number | undefined;
  /** Request settings for every turn (temperature, maxOutputTokens...). */
  readonly settings?: ConversationRequestSettings | undefined;
  /**
   * Most attempts to store a turn when other writers keep appending first
   * (each conflict reloads and appends after their turns); default 5.
   */
  readonly maxAppendAttempts?: number | undefined;
}

/** What one turn takes: text, user content parts, or a whole user message. */
export type ConversationInput = string | Exclude<UserMessage['content'], string> | UserMessage;

/** Per-turn options: request settings that override the conversation's. */
export type TurnOptions = ConversationRequestSettings;

function toUserMessage(input: ConversationInput): UserMessage {
  if (typeof input === 'string' || Array.isArray(input)) return { role: 'user', content: input };
  return input;
}

/**
 * A multi-turn conversation: history, a pinned system prompt, a memory
 * policy, tools, and persistence through a {@link ConversationStore}.
 *
 * Each turn reloads the history (so several processes can share one
 * conversation), sends what the memory policy selects, and appends the
 * user message and every answer message in one conditional write once the
 * turn succeeded; a failed turn leaves the history untouched. When another
 * writer appended in between, the turn is appended after its messages
 * rather than overwriting them. Turns on one instance run one at a time.
 *
 * @example
 * const chat = new Conversation({ model, system: 'You are terse.' });
 * await chat.send('Hi, I am Ada.');
 * const reply = await chat.send('What is my name?');
 */
export class Conversation {
  /** The conversation's id in the store. */
  readonly id: string;
  /** The model the next turn goes to; assign another to switch providers mid-conversation. */
  model: ChatModel;
  /** The pinned system prompt. */
  readonly system: string | undefined;
  readonly #store: ConversationStore;
  readonly #memory: MemoryPolicy | undefined;
  readonly #tools: readonly Tool[];
  readonly #maxSteps: number;
  readonly #settings: ConversationRequestSettings;
  readonly #maxAppendAttempts: number;
  #turns: StoredTurn[] = [];
  #summaries: readonly StoredSummary[] = [];
  #version = 0;
  #queue: Promise<void> = Promise.resolve();
  /** The streamed turn in progress, if any. */
  #openStream: ChatStream | undefined;

  constructor(options: ConversationOptions) {
    // The global Web Crypto, reached when an id is needed: importing node:crypto
    // at load would put its start-up on every application's cold start.
    this.id = options.id ?? globalThis.crypto.randomUUID();
    this.model = options.model;
    this.system = options.system;
    this.#store = options.store ?? new InMemoryConversationStore();
    this.#memory = options.memory;
    this.#tools = options.tools ?? [];
    this.#maxSteps = options.maxSteps ?? 5;
    this.#settings = options.settings ?? {};
    this.#maxAppendAttempts = options.maxAppendAttempts ?? 5;
    if (!Number.isSafeInteger(this.#maxAppendAttempts) || this.#maxAppendAttempts < 1) {
      throw new ConfigError(
        `Conversation: maxAppendAttempts must be a whole number of at least 1; got ${String(options.maxAppendAttempts)}.`,
      );
    }
  }

  /**
   * Every stored message, oldest first, interrupted turns included (reloaded
   * from the store). Use {@link Conversation.turns} to tell them apart.
   */
  async messages(): Promise<readonly ChatMessage[]> {
    await this.#reload();
    return this.#turns.flatMap((turn) => turn.messages);
  }

  /**
   * The stored turns, oldest first (reloaded from the store): each with its
   * status, messages and usage. An `interrupted` turn holds the partial
   * answer the user saw; it is shown, never sent to a model again.
   */
  async turns(): Promise<readonly StoredTurn[]> {
    await this.#reload();
    return this.#turns;
  }

  async #reload(): Promise<void> {
    const stored = await this.#store.load(this.id);
    this.#turns = stored === undefined ? [] : [...stored.turns];
    this.#summaries = stored?.summaries ?? [];
    this.#version = stored?.version ?? 0;
  }

  /**
   * Runs `task` after every earlier turn of this instance has ended. A
   * streamed turn that nobody has started reading is abandoned (cancelled,
   * so not stored) rather than left to block this turn forever.
   */
  #exclusive<T>(task: (release: () => void) => Promise<T>): Promise<T> {
    const open = this.#openStream;
    if (open !== undefined && !open.locked) open.cancel();
    let release!: () => void;
    const turnEnded = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#queue;
    this.#queue = previous.then(() => turnEnded);
    return previous.then(() => task(release));
  }

  async #prepare(
    input: ConversationInput,
    options: TurnOptions,
  ): Promise<{ user: UserMessage; request: ChatRequest }> {
    await this.#reload();
    const user = toUserMessage(input);
    // Interrupted turns are shown to the application, never replayed to a model.
    const complete = this.#turns.filter((turn) => turn.status === 'complete');
    const all = [...complete.flatMap((turn) => turn.messages), user];
    const base: Omit<ChatRequest, 'messages'> = {
      ...this.#settings,
      ...options,
      ...(this.system === undefined ? {} : { system: this.system }),
      ...(this.#tools.length === 0 ? {} : { tools: [...this.#tools] }),
    };
    let selected: readonly ChatMessage[] = all;
    if (this.#memory !== undefined) {
      const context: MemoryContext = {
        conversationId: this.id,
        model: this.model,
        request: base,
        turns: complete,
        summaries: this.#summaries,
        saveSummary: (summary) => this.#store.saveSummary(this.id, summary),
      };
      selected = await this.#memory.select(all, context);
    }
    return { user, request: { ...base, messages: [...selected] } };
  }

  /** Appends a turn; on a conflict, reloads and appends after the other writer's turns. */
  async #persist(
    messages: readonly ChatMessage[],
    status: TurnStatus,
    usage: Usage | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { version } = await this.#store.append(this.id, messages, {
          expectedVersion: this.#version,
          status,
          ...(usage === undefined ? {} : { usage }),
        });
        this.#turns = [...this.#turns, { version, status, messages, usage, createdAt: new Date() }];
        this.#version = version;
        return;
      } catch (error) {
        if (!ConversationConflictError.isInstance(error) || attempt >= this.#maxAppendAttempts) {
          throw error;
        }
        await this.#reload();
      }
    }
  }

  /**
   * Sends one user turn and resolves to the model's final answer, after it
   * is stored. With tools, the tools run and the model is called again
   * until it answers (at most `maxSteps` calls); every step is stored.
   */
  send(input: ConversationInput, options: TurnOptions = {}): Promise<ChatResult> {
    return this.#exclusive(async (release) => {
      try {
        const { user, request } = await this.#prepare(input, options);
        if (this.#tools.length === 0) {
          const result = await this.model.generate(request);
          await this.#persist([user, toAssistantMessage(result)], 'complete', result.usage);
          return result;
        }
        const run = await runTools(this.model, request, { maxSteps: this.#maxSteps });
        await this.#persist([user, ...run.messages], 'complete', run.usage);
        return { ...run.result, usage: run.usage };
      } finally {
        release();
      }
    });
  }

  /**
   * Streams one user turn. The turn is stored when the stream finishes, just
   * before its `finish` part is delivered, so read the stream to the end (or
   * call `final()`). With tools, every model step streams in turn (block ids
   * are prefixed with the step number) and the `finish` part carries the
   * summed usage. Breaking out early stores nothing; a stream that fails or
   * is aborted after content reached the reader is stored as an
   * `interrupted` turn (partial text and usage), which is never sent to a
   * model again.
   */
  stream(input: ConversationInput, options: TurnOptions = {}): Promise<ChatStream> {
    return this.#exclusive(async (release) => {
      try {
        const { user, request } = await this.#prepare(input, options);
        const model = this.model;
        // The turn may end (and call this) before `from` returns: hold the stream in an object.
        const turn: { stream?: ChatStream } = {};
        const ended = (): void => {
          if (turn.stream !== undefined && this.#openStream === turn.stream)
            this.#openStream = undefined;
          release();
        };
        const stream = await ChatStream.from(this.#turnParts(model, user, request, ended), {
          provider: model.provider,
          modelId: model.modelId,
          abortSignal: request.abortSignal,
        });
        turn.stream = stream;
        this.#openStream = stream;
        return stream;
      } catch (error) {
        release();
        throw error;
      }
    });
  }

  async *#turnParts(
    model: ChatModel,
    user: UserMessage,
    request: ChatRequest,
    release: () => void,
  ): AsyncGenerator<ChatStreamPart, void, undefined> {
    const produced: ChatMessage[] = [];
    let usage: Usage | undefined;
    /** Whether the application has seen content of this turn (then a failure stores what it saw). */
    let shown = false;
    /** Text of the current step so far, for an interruption that carries no partial result. */
    let stepText = '';
    try {
      let history = request.messages;
      for (let step = 1; ; step++) {
        stepText = '';
        const inner = await model.stream({ ...request, messages: history });
        const prefix = step === 1 ? '' : `${step}:`;
        for await (const part of inner) {
          switch (part.type) {
            case 'finish':
              break;
            case 'stream-start':
              if (step === 1) yield part;
              break;
            case 'text-start':
            case 'text-delta':
            case 'text-end':
            case 'reasoning-start':
            case 'reasoning-delta':
            case 'reasoning-end':
              if (part.type === 'text-delta') stepText += part.delta;
              shown = true;
              yield step === 1 ? part : { ...part, id: prefix + part.id };
              break;
            default:
              if (part.type !== 'response-metadata') shown = true;
              yield part;
          }
        }
        const result = await inner.final();
        usage = usage === undefined ? result.usage : addUsage(usage, result.usage);
        const assistant = toAssistantMessage(result);
        produced.push(assistant);
        history = [...history, assistant];

        const runnable = this.#tools.length > 0 && result.toolCalls.length > 0;
        if (runnable) {
          const toolResults = await executeToolCalls(result.toolCalls, this.#tools, {
            messages: history,
            abortSignal: request.abortSignal,
          });
          const toolMessage: ChatMessage = { role: 'tool', content: toolResults };
          produced.push(toolMessage);
          history = [...history, toolMessage];
        }
        if (!runnable || step >= this.#maxSteps) {
          try {
            await this.#persist([user, ...produced], 'complete', usage);
          } catch (error) {
            shown = false; // the turn completed; only storing it failed
            throw error;
          }
          yield {
            type: 'finish',
            finishReason: result.finishReason,
            usage,
            providerMetadata: result.providerMetadata,
          };
          return;
        }
      }
    } catch (error) {
      if (shown) await this.#persistInterrupted(user, produced, usage, stepText, error);
      throw error;
    } finally {
      release();
    }
  }

  /**
   * Stores a turn that broke off after the application saw content, with
   * the partial answer and the usage reported so far, as `interrupted`. Best
   * effort: the turn's own error is what the reader gets either way.
   */
  async #persistInterrupted(
    user: UserMessage,
    produced: readonly ChatMessage[],
    usage: Usage | undefined,
    stepText: string,
    error: unknown,
  ): Promise<void> {
    let content: AssistantContentPart[] = stepText === '' ? [] : [{ type: 'text', text: stepText }];
    let total = usage;
    if (StreamInterruptedError.isInstance(error)) {
      content = [...error.partial.content];
      total = total === undefined ? error.partial.usage : addUsage(total, error.partial.usage);
    }
    const messages: ChatMessage[] = [
      user,
      ...produced,
      ...(content.length === 0 ? [] : [{ role: 'assistant' as const, content }]),
    ];
    try {
      await this.#persist(messages, 'interrupted', total);
    } catch {
      // The reader gets the turn's error; a store that also fails does not replace it.
    }
  }
}

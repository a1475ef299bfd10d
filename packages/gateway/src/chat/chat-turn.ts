import {
  ConversationConflictError,
  computeCost,
  createUsage,
  toAssistantMessage,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStream,
  type Cost,
  type ConversationStore,
} from '@org/llm-core';
import { estimateInputTokens } from '@org/llm-resilience';
import type { GatewayKey } from '../auth/gateway-key.ts';
import type { Admission, KeyLimits } from '../limits/key-limits.ts';
import type { ModelRouter } from './model-router.ts';

/** What a chat turn needs from the gateway. */
export interface ChatTurnServices {
  readonly models: ModelRouter;
  readonly limits: KeyLimits;
  readonly conversations: ConversationStore | undefined;
  /** Receives a failure to charge a finished call (the answer is delivered all the same). */
  report(error: unknown): void;
}

/** One chat request as a wire route gives it. */
export interface ChatTurnInput {
  /** The authenticated key. */
  readonly key: GatewayKey;
  /** The model name the client asked for. */
  readonly model: string;
  /** The request, converted from the wire. */
  readonly request: ChatRequest;
  /** The conversation to continue (`x-conversation-id`), if any. */
  readonly conversationId: string | undefined;
  /** Aborted when the client goes away or the gateway shuts down. */
  readonly signal: AbortSignal;
}

const maxAppendAttempts = 5;

/**
 * One chat request through the gateway: the model resolved and allowed, the
 * stored conversation (with `x-conversation-id`) put before the new
 * messages, the key's limits taken, then the call, then the usage charged
 * and the turn stored. Both wire routes drive it the same way.
 *
 * With a conversation, the client sends only the new messages; the stored
 * history goes before them, and the new messages with the answer are
 * appended once the answer is complete, conditional on the version read. If
 * another instance appended meanwhile, the turn goes after its messages (as
 * `Conversation` does), so no turn is lost.
 */
export class ChatTurn {
  readonly model: ChatModel;
  readonly request: ChatRequest;
  readonly #services: ChatTurnServices;
  readonly #input: ChatTurnInput;
  readonly #admission: Admission;
  #version: number;

  private constructor(
    services: ChatTurnServices,
    input: ChatTurnInput,
    model: ChatModel,
    request: ChatRequest,
    admission: Admission,
    version: number,
  ) {
    this.#services = services;
    this.#input = input;
    this.model = model;
    this.request = request;
    this.#admission = admission;
    this.#version = version;
  }

  /** Resolves the model, loads the conversation and takes the key's limits; throws a typed error when refused. */
  static async begin(services: ChatTurnServices, input: ChatTurnInput): Promise<ChatTurn> {
    const model = services.models.resolve(input.model, input.key);
    let messages = input.request.messages;
    let version = 0;
    if (input.conversationId !== undefined && services.conversations !== undefined) {
      const stored = await services.conversations.load(input.conversationId);
      if (stored !== undefined) {
        messages = [...stored.messages, ...messages];
        version = stored.version;
      }
    }
    const request: ChatRequest = { ...input.request, messages, abortSignal: input.signal };
    const admission = await services.limits.admit(input.key, estimateInputTokens(request));
    return new ChatTurn(services, input, model, request, admission, version);
  }

  /** The complete answer, charged and stored. */
  async generate(): Promise<ChatResult> {
    const result = await this.model.generate(this.request);
    await this.complete(result);
    return result;
  }

  /** The stream, once it has committed; call {@link complete} with its result before ending the answer. */
  stream(): Promise<ChatStream> {
    return this.model.stream(this.request);
  }

  /** What the call cost: the adapter's figure, or the model's prices applied to its usage. */
  cost(result: ChatResult): Cost | undefined {
    return result.cost ?? computeCost(result.usage, this.model.capabilities.pricing);
  }

  /**
   * Charges the usage and cost to the key and stores the turn. A failure to
   * charge (the shared state unreachable for a moment) is reported, not
   * thrown: the answer is complete and paid for upstream. A failure to store
   * the turn is thrown, so the client learns its turn was not kept.
   */
  async complete(result: ChatResult): Promise<void> {
    const charged = this.#services.limits
      .settle(this.#admission, result.usage, this.cost(result))
      .catch((error: unknown) => {
        this.#services.report(error);
      });
    await Promise.all([charged, this.#persist(result)]);
  }

  /** Gives back the tokens estimated for a call that failed before any answer. */
  async fail(): Promise<void> {
    const nothing = createUsage({ inputTokens: 0, outputTokens: 0 });
    await this.#services.limits.settle(this.#admission, nothing, undefined).catch(() => undefined);
  }

  async #persist(result: ChatResult): Promise<void> {
    const store = this.#services.conversations;
    const id = this.#input.conversationId;
    if (store === undefined || id === undefined) return;
    const turn: ChatMessage[] = [...this.#input.request.messages, toAssistantMessage(result)];
    for (let attempt = 1; ; attempt++) {
      try {
        const { version } = await store.append(id, turn, { expectedVersion: this.#version });
        this.#version = version;
        return;
      } catch (error) {
        if (!ConversationConflictError.isInstance(error) || attempt >= maxAppendAttempts)
          throw error;
        this.#version = (await store.load(id))?.version ?? 0;
      }
    }
  }
}

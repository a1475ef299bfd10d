import { ConfigError, NotFoundError, PermissionDeniedError, type ChatModel } from '@org/llm-core';
import type { GatewayKey } from '../auth/gateway-key.ts';

/**
 * Where the gateway's models come from: a registry from `createRegistry`
 * (`registry.chatModel('fast')`, `registry.chatModel('anthropic:claude-sonnet-4-6')`)
 * or anything with the same method. Wrap the models in resilience and
 * fallbacks there; the gateway calls them as they are.
 */
export interface GatewayModelSource {
  /** The model for a served name (an alias or a `provider:model` id). */
  chatModel(name: string): ChatModel;
}

/**
 * Resolves the model a request names: one of the served names, allowed for
 * the request's key. An unknown name is a 404 that says where the list is; a
 * name the key may not use is a 403.
 */
export class ModelRouter {
  readonly #source: GatewayModelSource;
  readonly #served: ReadonlySet<string>;
  /** The served names, in the order given. */
  readonly names: readonly string[];

  constructor(source: GatewayModelSource, names: readonly string[]) {
    if (names.length === 0) {
      throw new ConfigError('The gateway serves no model: list at least one name in `models`.');
    }
    // Every name must resolve now, not on the first request that uses it.
    for (const name of names) source.chatModel(name);
    this.#source = source;
    this.#served = new Set(names);
    this.names = [...names];
  }

  /** Whether `key` may use `name`. */
  allows(key: GatewayKey, name: string): boolean {
    return key.models === undefined || key.models.includes(name);
  }

  /** The provider of the model a served name stands for (`owned_by` in the model list). */
  providerOf(name: string): string {
    return this.#source.chatModel(name).provider;
  }

  /** The model `name` stands for, if `key` may use it. */
  resolve(name: string, key: GatewayKey): ChatModel {
    if (!this.#served.has(name)) {
      throw new NotFoundError(
        `The model '${name}' does not exist on this gateway; GET /v1/models lists the models your key can use.`,
        { status: 404 },
      );
    }
    if (!this.allows(key, name)) {
      throw new PermissionDeniedError(
        `Gateway key '${key.id}' may not use the model '${name}'; GET /v1/models lists the models it can use.`,
        { status: 403 },
      );
    }
    return this.#source.chatModel(name);
  }
}

import { ConfigError } from '../errors/library-errors.ts';
import { NotFoundError } from '../errors/provider-errors.ts';
import type { ChatModel } from '../spec/chat-model.ts';

/**
 * Settings a registry passes to a provider with the model id. Every adapter
 * of this project takes them in its own per-model settings.
 */
export interface ChatModelSettings {
  /**
   * Strict mode: a setting or tool the model cannot honour exactly fails the
   * call with an `UnsupportedFeatureError` before anything is sent, instead
   * of being dropped or clamped with a warning.
   */
  readonly strict?: boolean | undefined;
}

/** Makes models of one provider: a function of the model id, or an object with `chatModel`. */
export type ChatModelProvider =
  | ((modelId: string, settings?: ChatModelSettings) => ChatModel)
  | {
      /** Makes the model with this id. */
      chatModel(modelId: string, settings?: ChatModelSettings): ChatModel;
      /** Known model ids, listed in errors (optional). */
      readonly models?: readonly string[];
    };

/** Options of {@link createRegistry}. */
export interface RegistryOptions<A extends string = string, S extends string = ':'> {
  /** Short names for full ids: `{ fast: 'openai:gpt-6-luna' }`. */
  readonly aliases?: Readonly<Record<A, string>>;
  /** Separator between provider and model id; default `:`. */
  readonly separator?: S;
  /**
   * Strict mode for every model of the registry (passed to the provider as
   * `{ strict: true }`): a setting or tool a model cannot honour exactly
   * fails the call with an `UnsupportedFeatureError` before it is sent.
   * Default false: such settings are dropped or clamped, with a warning.
   */
  readonly strict?: boolean | undefined;
}

/** Ids a registry accepts: `provider:model` for a registered provider, or an alias. */
export type RegistryModelId<P extends string, A extends string, S extends string = ':'> =
  `${P}${S}${string}` | A;

/**
 * Checks a literal id at compile time (a typo in the provider prefix does not
 * compile) while still accepting a `string` from configuration, which is
 * checked at run time.
 */
type CheckedId<
  T extends string,
  P extends string,
  A extends string,
  S extends string,
> = string extends T ? T : T extends RegistryModelId<P, A, S> ? T : RegistryModelId<P, A, S>;

/** Finds models by `provider:model` id or alias. */
export interface ChatModelRegistry<P extends string, A extends string, S extends string = ':'> {
  /**
   * The model for `id` (`'anthropic:claude-sonnet-5-5'`, or an alias, which
   * may name another alias). An alias and the id it stands for give the same
   * instance. Throws `NotFoundError` for an unknown provider or model
   * (listing what exists) and `ConfigError` for an id without a provider
   * prefix. Aliases are checked when the registry is created.
   */
  chatModel<T extends string>(id: CheckedId<T, P, A, S>): ChatModel;
  /** Registered provider ids. */
  readonly providers: readonly P[];
  /** Registered aliases and what they stand for. */
  readonly aliases: Readonly<Record<A, string>>;
}

/**
 * A registry of providers, so the model is chosen by configuration:
 *
 * @example
 * const registry = createRegistry({ openai, anthropic }, { aliases: { fast: 'openai:gpt-6-luna' } });
 * const model = registry.chatModel(process.env.CHAT_MODEL ?? 'anthropic:claude-sonnet-5-5');
 */
export function createRegistry<P extends string, A extends string = never, S extends string = ':'>(
  providers: Readonly<Record<P, ChatModelProvider>>,
  options: RegistryOptions<A, S> = {},
): ChatModelRegistry<P, A, S> {
  const separator: string = options.separator ?? ':';
  const aliases = (options.aliases ?? {}) as Readonly<Record<A, string>>;
  const providerIds = Object.keys(providers) as P[];
  const cache = new Map<string, ChatModel>();

  const describeKnown = (): string => {
    const aliasNames = Object.keys(aliases);
    return `Registered providers: ${providerIds.join(', ') || '(none)'}${
      aliasNames.length > 0 ? `; aliases: ${aliasNames.join(', ')}` : ''
    }.`;
  };

  /** Follows aliases (which may point at other aliases) to a `provider:model` id. */
  const resolveAlias = (id: string): string => {
    let target = id;
    for (let hops = 0; Object.hasOwn(aliases, target); hops++) {
      if (hops >= 10) {
        throw new ConfigError(
          `Alias '${id}' does not resolve: its aliases form a loop. ${describeKnown()}`,
        );
      }
      target = aliases[target as A];
    }
    return target;
  };

  /** Splits and checks an id; returns the provider and model ids. */
  const parse = (
    id: string,
  ): { readonly providerId: P; readonly modelId: string; readonly target: string } => {
    const target = resolveAlias(id);
    const cut = target.indexOf(separator);
    if (cut <= 0 || cut === target.length - separator.length) {
      throw new ConfigError(
        `Model id '${id}'${target === id ? '' : ` (alias of '${target}')`} must look like 'provider${separator}model', e.g. '${providerIds[0] ?? 'openai'}${separator}model-name', or be an alias. ${describeKnown()}`,
      );
    }
    const providerId = target.slice(0, cut);
    const modelId = target.slice(cut + separator.length);
    if (!Object.hasOwn(providers, providerId)) {
      throw new NotFoundError(
        `Unknown provider '${providerId}' in model id '${id}'. ${describeKnown()}`,
        {
          modelId,
        },
      );
    }
    return { providerId: providerId as P, modelId, target };
  };

  const settings: ChatModelSettings | undefined =
    options.strict === true ? { strict: true } : undefined;
  const create = (providerId: P, modelId: string): ChatModel => {
    const provider = providers[providerId];
    if (typeof provider === 'function') {
      return settings === undefined ? provider(modelId) : provider(modelId, settings);
    }
    if (provider.models !== undefined && !provider.models.includes(modelId)) {
      throw new NotFoundError(
        `Unknown model '${modelId}' for provider '${providerId}'. Known models: ${provider.models.join(', ')}.`,
        { provider: providerId, modelId },
      );
    }
    return settings === undefined
      ? provider.chatModel(modelId)
      : provider.chatModel(modelId, settings);
  };

  // A mistyped alias fails here, at start-up, not on the first request that uses it.
  for (const alias of Object.keys(aliases)) parse(alias);

  return {
    providers: providerIds,
    aliases,
    chatModel(id: string): ChatModel {
      const { providerId, modelId, target } = parse(id);
      let model = cache.get(target);
      if (model === undefined) {
        model = create(providerId, modelId);
        cache.set(target, model);
      }
      return model;
    },
  };
}

import { ConfigError } from '../errors/library-errors.ts';
import { NotFoundError } from '../errors/provider-errors.ts';
import type { ChatModel } from '../spec/chat-model.ts';

/** Makes models of one provider: a function of the model id, or an object with `chatModel`. */
export type ChatModelProvider =
  | ((modelId: string) => ChatModel)
  | {
      /** Makes the model with this id. */
      chatModel(modelId: string): ChatModel;
      /** Known model ids, listed in errors (optional). */
      readonly models?: readonly string[];
    };

/** Options of {@link createRegistry}. */
export interface RegistryOptions<A extends string = string, S extends string = ':'> {
  /** Short names for full ids: `{ fast: 'openai:gpt-4o-mini' }`. */
  readonly aliases?: Readonly<Record<A, string>>;
  /** Separator between provider and model id; default `:`. */
  readonly separator?: S;
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
   * The model for `id` (`'anthropic:claude-sonnet-4-5'`, or an alias). The
   * same id gives the same instance. Throws `NotFoundError` for an unknown
   * provider or alias (listing what exists) and `ConfigError` for an id
   * without a provider prefix.
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
 * const registry = createRegistry({ openai, anthropic }, { aliases: { fast: 'openai:gpt-4o-mini' } });
 * const model = registry.chatModel(process.env.CHAT_MODEL ?? 'anthropic:claude-sonnet-4-5');
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

  const resolve = (id: string): ChatModel => {
    const target = Object.hasOwn(aliases, id) ? aliases[id as A] : id;
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
    const provider = providers[providerId as P];
    if (
      typeof provider !== 'function' &&
      provider.models !== undefined &&
      !provider.models.includes(modelId)
    ) {
      throw new NotFoundError(
        `Unknown model '${modelId}' for provider '${providerId}'. Known models: ${provider.models.join(', ')}.`,
        { provider: providerId, modelId },
      );
    }
    return typeof provider === 'function' ? provider(modelId) : provider.chatModel(modelId);
  };

  return {
    providers: providerIds,
    aliases,
    chatModel(id: string): ChatModel {
      let model = cache.get(id);
      if (model === undefined) {
        model = resolve(id);
        cache.set(id, model);
      }
      return model;
    },
  };
}

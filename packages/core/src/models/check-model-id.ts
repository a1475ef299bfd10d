import { ModelRetiredError } from '../errors/model-retired-error.ts';
import type { ModelCapabilities } from '../spec/model-capabilities.ts';
import type { ModelInfo } from '../spec/model-info.ts';
import { reportNotice } from '../warnings/report-warning.ts';
import { closestModelIds } from './closest-model-ids.ts';
import { modelStatus } from './model-status.ts';

/** What {@link checkModelId} needs from an adapter. */
export interface CheckModelIdOptions {
  /** Provider id, e.g. `openai`. */
  readonly provider: string;
  /** The provider's name for people, e.g. `OpenAI`. */
  readonly providerName: string;
  /** The id being made into a model. */
  readonly modelId: string;
  /** The adapter's catalog. */
  readonly catalog: readonly ModelInfo[];
  /** The adapter's lookup (it may resolve aliases or dated snapshots). */
  readonly find: (modelId: string) => ModelInfo | undefined;
  /** What the adapter assumes about this model when the catalog does not know it. */
  readonly assumed: ModelCapabilities;
  /** How a caller declares an unknown model's capabilities (names the option), in words. */
  readonly declare: string;
  /** Today; default the current date. */
  readonly now?: Date | undefined;
}

const count = (value: number): string => value.toLocaleString('en-US');

/** Capabilities in words: "tools, no vision, JSON mode but no JSON Schema output, ...". */
export function describeCapabilities(capabilities: ModelCapabilities): string {
  const c = capabilities;
  return [
    c.tools ? 'tools' : 'no tools',
    c.vision ? 'vision' : 'no vision',
    c.jsonSchemaOutput
      ? 'JSON Schema output'
      : c.jsonOutput
        ? 'JSON mode but no JSON Schema output'
        : 'no JSON output',
    c.reasoning ? 'reasoning' : 'no reasoning',
    c.contextWindow === undefined
      ? 'no known context window'
      : `a ${count(c.contextWindow)}-token context window`,
    c.maxOutputTokens === undefined
      ? 'no known output limit'
      : `at most ${count(c.maxOutputTokens)} output tokens`,
  ].join(', ');
}

function quoteList(ids: readonly string[], joiner: string): string {
  return ids.map((id) => `'${id}'`).join(joiner);
}

/**
 * The lifecycle check every adapter runs when it makes a model for its
 * provider's own API (not for compatible servers, whose models are their
 * own):
 *
 * - a known, active model: returns its catalog entry;
 * - a deprecated one: reports an `LLM_DEPRECATED_MODEL` notice (once per
 *   process) with its end-of-life date and replacement, and returns its entry;
 * - a retired one: throws a {@link ModelRetiredError} naming the
 *   replacement, so nothing is sent to a model that can only fail;
 * - an unknown id: reports an `LLM_UNKNOWN_MODEL` notice with the closest
 *   known ids ("did you mean 'claude-sonnet-4-6'?") and what is assumed, and
 *   returns `undefined`; the id is still sent as given, as new models ship
 *   before catalogs.
 */
export function checkModelId(options: CheckModelIdOptions): ModelInfo | undefined {
  const { provider, modelId, catalog } = options;
  const now = options.now ?? new Date();
  const info = options.find(modelId);
  const current = (): string[] =>
    catalog.filter((entry) => modelStatus(entry, now) !== 'retired').map((entry) => entry.modelId);
  if (info === undefined) {
    reportNotice('LLM_UNKNOWN_MODEL', provider, modelId, 'model', () => {
      const close = closestModelIds(modelId, current());
      const hint =
        close.length > 0
          ? `did you mean ${quoteList(close, ' or ')}?`
          : `known models include ${quoteList(current().slice(0, 4), ', ')}.`;
      return `${provider} '${modelId}' is not a model this adapter knows; ${hint} It is sent as given, assuming ${describeCapabilities(options.assumed)}. If the id is right, ${options.declare} to silence this. (Shown once per process.)`;
    });
    return undefined;
  }
  const status = modelStatus(info, now);
  if (status === 'retired') {
    const replacement = info.replacement;
    const active = current();
    const suggestion = closestModelIds(modelId, active)[0] ?? active[0];
    const instead =
      replacement !== undefined
        ? `use '${replacement}' instead, ${options.providerName}'s recommended replacement`
        : suggestion === undefined
          ? 'choose a current model'
          : `choose a current model, e.g. '${suggestion}'`;
    throw new ModelRetiredError(
      `${provider} '${modelId}' was retired by ${options.providerName} on ${info.endOfLifeOn!} and no longer answers; ${instead}.`,
      { provider, modelId, endOfLifeOn: info.endOfLifeOn!, replacement },
    );
  }
  if (status === 'deprecated') {
    reportNotice('LLM_DEPRECATED_MODEL', provider, modelId, 'model', () => {
      const when =
        info.endOfLifeOn === undefined
          ? `${options.providerName} has deprecated it`
          : `${options.providerName} retires it on ${info.endOfLifeOn}, after which calls fail`;
      const target = info.replacement === undefined ? 'a current model' : `'${info.replacement}'`;
      const move = `Move to ${target}${info.endOfLifeOn === undefined ? '' : ' before then'}.`;
      return `${provider} '${modelId}' is deprecated: ${when}. ${move} (Shown once per process.)`;
    });
  }
  return info;
}

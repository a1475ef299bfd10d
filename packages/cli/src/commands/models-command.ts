import type { ModelInfo } from '@org/llm-core';
import type { Command } from '../command.ts';
import { exitCodes } from '../report-error.ts';

/** Every model of the adapters' catalogs, OpenAI first (loaded when needed: the Anthropic SDK comes with its catalog). */
export async function loadCatalog(): Promise<readonly ModelInfo[]> {
  const [{ openAIModels }, { anthropicModels }] = await Promise.all([
    import('@org/llm-openai-compat'),
    import('@org/llm-anthropic'),
  ]);
  return [...openAIModels, ...anthropicModels];
}

/** `1_050_000` → `1.05M`, `128_000` → `128K`, unknown → `?`. */
function formatTokenCount(value: number | undefined): string {
  if (value === undefined) return '?';
  if (value >= 1_000_000) return `${String(Number((value / 1_000_000).toFixed(2)))}M`;
  if (value >= 1000) return `${String(Number((value / 1000).toFixed(1)))}K`;
  return String(value);
}

/** USD per million tokens, `?` when unknown. */
function formatPrice(value: number | undefined): string {
  return value === undefined ? '?' : `$${String(Number(value.toFixed(3)))}`;
}

/** What a model can do, in short words. */
function capabilityWords(info: ModelInfo): string {
  const { capabilities } = info;
  return [
    capabilities.tools ? 'tools' : undefined,
    capabilities.vision ? 'vision' : undefined,
    capabilities.jsonSchemaOutput ? 'json-schema' : capabilities.jsonOutput ? 'json' : undefined,
    capabilities.reasoning ? 'reasoning' : undefined,
  ]
    .filter((word) => word !== undefined)
    .join(',');
}

/** Deprecation and end of life, as of `today` (`YYYY-MM-DD`). */
export function lifecycleOf(info: ModelInfo, today: string): string {
  const instead = info.replacement === undefined ? '' : `, use ${info.replacement}`;
  if (info.endOfLifeOn !== undefined && info.endOfLifeOn <= today) {
    return `retired ${info.endOfLifeOn}${instead}`;
  }
  if (info.endOfLifeOn !== undefined) return `retires ${info.endOfLifeOn}${instead}`;
  if (info.deprecatedOn !== undefined) return `deprecated ${info.deprecatedOn}${instead}`;
  return '';
}

/** `llm models`: the catalog of every adapter. */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'the model catalog: limits, capabilities, prices, deprecations',
  usage: 'llm models [filter] [options]',
  description: [
    'Lists the models the adapters know: provider, model id, context window, largest output,',
    'capabilities, prices in US dollars per million input and output tokens, and deprecation',
    'or end of life with the replacement. A filter keeps the ids that contain it. A table on',
    'a terminal; JSON (the ModelInfo objects of @org/llm-core) when piped or with --json.',
  ].join('\n'),
  options: {
    provider: {
      type: 'string',
      valueName: 'name',
      description: 'only this provider (openai or anthropic)',
    },
    json: { type: 'boolean', description: 'print JSON, also on a terminal' },
  },
  examples: ['llm models', 'llm models claude --provider anthropic', 'llm models --json'],
  async run(context) {
    const { options, out } = context;
    const filter = context.positionals.join(' ').toLowerCase();
    const models = (await loadCatalog()).filter(
      (info) =>
        (typeof options.provider !== 'string' || info.provider === options.provider) &&
        info.modelId.toLowerCase().includes(filter),
    );
    if (options.json === true || !out.isTTY) {
      out.line(JSON.stringify(models, undefined, 2));
      return exitCodes.ok;
    }
    const today = new Date().toISOString().slice(0, 10);
    out.table(
      [
        { title: 'provider' },
        { title: 'model' },
        { title: 'context', align: 'right' },
        { title: 'max out', align: 'right' },
        { title: 'capabilities' },
        { title: 'in $/M', align: 'right' },
        { title: 'out $/M', align: 'right' },
        { title: 'lifecycle' },
      ],
      models.map((info) => [
        info.provider,
        info.modelId,
        formatTokenCount(info.capabilities.contextWindow),
        formatTokenCount(info.capabilities.maxOutputTokens),
        capabilityWords(info),
        formatPrice(info.capabilities.pricing?.inputPerMillion),
        formatPrice(info.capabilities.pricing?.outputPerMillion),
        lifecycleOf(info, today),
      ]),
    );
    if (models.length === 0) context.err.line(`No model id contains '${filter}'.`);
    return exitCodes.ok;
  },
};

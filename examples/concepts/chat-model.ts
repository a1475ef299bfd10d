// docs/concepts/chat-model.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/chat-model.ts`.
import {
  addUsage,
  createUsage,
  totalTokens,
  type ChatModel,
  type ChatResult,
  type Usage,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';

/** One call with the common settings. */
export async function summarise(model: ChatModel, article: string): Promise<ChatResult> {
  return model.generate({
    system: 'You summarise articles in two sentences.',
    messages: [{ role: 'user', content: article }],
    maxOutputTokens: 200,
    temperature: 0.3,
    stop: ['\n\n'],
    metadata: { feature: 'summaries' },
  });
}

/** What a result holds. */
export function describeResult(result: ChatResult): string {
  const { unified, raw } = result.finishReason;
  const lines = [
    `text: ${result.text}`,
    `finish: ${unified} (provider said ${raw ?? 'nothing'})`,
    `tokens: ${result.usage.inputTokens} in, ${result.usage.outputTokens} out`,
    `tool calls: ${result.toolCalls.length}`,
  ];
  for (const warning of result.warnings) {
    if (warning.type === 'unsupported-setting') lines.push(`ignored: ${warning.setting}`);
  }
  return lines.join('\n');
}

/** Read capabilities before asking for something the model cannot do. */
export function canDescribeImages(model: ChatModel): boolean {
  return model.capabilities.vision;
}

/** Provider-specific settings travel namespaced; each adapter reads only its own. */
export async function withProviderOptions(model: ChatModel): Promise<string> {
  const result = await model.generate({
    messages: [{ role: 'user', content: 'Hi' }],
    providerOptions: {
      openai: { user: 'user-42' },
      anthropic: { cacheControl: { type: 'ephemeral' } },
    },
  });
  return result.text;
}

/** Usage over several calls: `undefined` stays `undefined` only when every call lacked it. */
export function sumUsage(usages: readonly Usage[]): Usage {
  return usages.reduce(addUsage, createUsage());
}

/** Everything above, against scripted models; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  const model = new MockChatModel({
    provider: 'openai',
    modelId: 'gpt-6-luna',
    capabilities: { vision: false },
    responses: [
      {
        text: 'Prices rose. Wages did not.',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: 812, outputTokens: 9, cacheReadTokens: 512 },
        warnings: [{ type: 'unsupported-setting', setting: 'stop', details: 'not supported' }],
      },
      'Hello.',
    ],
  });
  const result = await summarise(model, 'A long article about prices and wages.');
  const total = sumUsage([result.usage, createUsage({ inputTokens: 100, outputTokens: 20 })]);
  return {
    description: describeResult(result),
    sentSystem: model.calls[0]?.request.system,
    canDescribeImages: canDescribeImages(model),
    providerOptions: await withProviderOptions(model),
    total,
    totalTokens: totalTokens(total),
  };
}

if (import.meta.main) console.log(await main());

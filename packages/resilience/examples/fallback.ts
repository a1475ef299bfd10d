import { AuthenticationError, type ChatModel } from '@org/llm-core';
import { answeredBy, shouldFallBack, withFallback } from '@org/llm-resilience';

/** Falls back on the usual failures, and also when a provider's key is revoked. */
export async function ask(openai: ChatModel, claude: ChatModel, question: string): Promise<string> {
  const model = withFallback([openai, claude], {
    when: (error) => shouldFallBack(error) || AuthenticationError.isInstance(error),
  });
  const result = await model.generate({ messages: [{ role: 'user', content: question }] });
  const by = answeredBy(result);
  return `${result.text}\n(answered by ${by?.provider ?? '?'}:${by?.modelId ?? '?'})`;
}

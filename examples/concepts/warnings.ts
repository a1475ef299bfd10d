// docs/concepts/chat-model.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/warnings.ts`: the model is
// asked twice for a temperature it does not take, and stderr shows it once.
import { createAnthropic } from '@org/llm-anthropic';
import {
  createRegistry,
  setWarningHandler,
  UnsupportedFeatureError,
  type ChatModel,
  type WarningNotice,
} from '@org/llm-core';
import { anthropic, createFakeProviderServer } from '@org/llm-testkit';

/** Two calls with a setting the model drops: both results list it; a person sees it once. */
export async function askTwice(model: ChatModel): Promise<string[]> {
  const dropped: string[] = [];
  for (const question of ['Name a colour.', 'Name another.']) {
    const result = await model.generate({
      messages: [{ role: 'user', content: question }],
      temperature: 0.2,
    });
    for (const warning of result.warnings) {
      if (warning.type === 'unsupported-setting') dropped.push(warning.setting);
    }
  }
  return dropped;
}

/** The notices go to your logger instead of stderr ('off' silences them); dispose to undo. */
export function logWarnings(log: (line: string) => void): Disposable {
  return setWarningHandler((notice: WarningNotice) => {
    log(`${notice.code} ${notice.provider}:${notice.modelId} ${notice.subject}`);
  });
}

/** A registry whose every model is strict. */
export function strictRegistry(baseURL: string): ChatModel {
  const registry = createRegistry(
    { anthropic: createAnthropic({ baseURL, apiKey: 'test-key' }) },
    { strict: true },
  );
  return registry.chatModel('anthropic:claude-sonnet-5-5');
}

/** Strict mode: a setting the model cannot honour fails before the call instead. */
export async function strictly(model: ChatModel): Promise<string> {
  try {
    await model.generate({ messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2 });
    return 'sent';
  } catch (error) {
    if (UnsupportedFeatureError.isInstance(error)) return `refused: ${error.feature}`;
    throw error;
  }
}

/** Everything above against the test kit's fake server; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  await using server = await createFakeProviderServer();
  server.enqueue(anthropic.text('Teal.'), anthropic.text('Amber.'), anthropic.text('Hi.'));
  const model = createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test-key' })(
    'claude-sonnet-5-5',
  );
  const logged: string[] = [];
  let dropped: string[];
  {
    using _ = logWarnings((line) => logged.push(line));
    dropped = await askTwice(model);
  }
  return {
    dropped,
    logged,
    strict: await strictly(strictRegistry(server.anthropicBaseURL)),
    requests: server.requests.length,
  };
}

if (import.meta.main) {
  await using server = await createFakeProviderServer();
  server.enqueue(anthropic.text('Teal.'), anthropic.text('Amber.'));
  const model = createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test-key' })(
    'claude-sonnet-5-5',
  );
  console.log(`dropped on each result: ${(await askTwice(model)).join(', ')}`);
}

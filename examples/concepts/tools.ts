// docs/concepts/tools.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/tools.ts`.
import {
  executeToolCalls,
  runTools,
  tool,
  type ChatMessage,
  type ChatModel,
  type RunToolsResult,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { z } from 'zod';

/** A tool: a name, a description the model reads, a zod input schema, and `execute`. */
export const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather for a city. Use it for any question about weather.',
  inputSchema: z.object({
    city: z.string().describe('City name, e.g. Oslo'),
    unit: z.enum(['celsius', 'fahrenheit']).default('celsius'),
  }),
  execute: async ({ city, unit }, { abortSignal }) => {
    const celsius = await lookUpTemperature(city, abortSignal);
    return unit === 'celsius' ? { city, celsius } : { city, fahrenheit: celsius * 1.8 + 32 };
  },
});

// Stands in for a weather service call.
function lookUpTemperature(city: string, signal: AbortSignal | undefined): Promise<number> {
  signal?.throwIfAborted();
  return Promise.resolve(city === 'Oslo' ? 4 : 18);
}

/** The model calls tools, `runTools` executes them and calls the model again with the results. */
export async function askWithTools(
  model: ChatModel,
  question: string,
  report: (line: string) => void,
): Promise<RunToolsResult> {
  return runTools(
    model,
    { messages: [{ role: 'user', content: question }], tools: [getWeather] },
    {
      maxSteps: 3,
      onStep: (step) => {
        report(`${step.result.finishReason.unified}: ${step.toolResults.length} tool results`);
      },
    },
  );
}

/** Keep the run's messages: they hold the assistant turns and the tool results. */
export function historyAfter(question: string, run: RunToolsResult): ChatMessage[] {
  return [{ role: 'user', content: question }, ...run.messages];
}

/** A tool without `execute` is answered by the app: the run stops and hands the calls over. */
export async function needsApproval(model: ChatModel): Promise<string[]> {
  const run = await runTools(model, {
    messages: [{ role: 'user', content: 'Refund order 17.' }],
    tools: [
      {
        name: 'refund_order',
        description: 'Refunds an order. A person must approve it.',
        inputSchema: { type: 'object', properties: { orderId: { type: 'number' } } },
      },
    ],
  });
  return run.pendingToolCalls.map((call) => `${call.toolName} ${JSON.stringify(call.input)}`);
}

/** Your own loop: execute one step's calls and build the tool message. */
export async function oneStep(model: ChatModel, messages: ChatMessage[]): Promise<ChatMessage[]> {
  const result = await model.generate({ messages, tools: [getWeather] });
  const results = await executeToolCalls(result.toolCalls, [getWeather], { messages });
  return [
    ...messages,
    { role: 'assistant', content: [...result.content] },
    { role: 'tool', content: results },
  ];
}

/** Everything above, against scripted models; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  const question = 'Is it warmer in Oslo or in Rome?';
  const model = new MockChatModel({
    responses: [
      {
        toolCalls: [
          { toolCallId: 'call_oslo', toolName: 'get_weather', input: { city: 'Oslo' } },
          { toolCallId: 'call_rome', toolName: 'get_weather', input: { town: 'Rome' } },
        ],
      },
      {
        toolCalls: [{ toolCallId: 'call_rome2', toolName: 'get_weather', input: { city: 'Rome' } }],
      },
      'Rome is warmer: 18 °C against 4 °C in Oslo.',
    ],
  });
  const report: string[] = [];
  const run = await askWithTools(model, question, (line) => report.push(line));
  const firstResults = run.steps[0]?.toolResults.map((result) => ({
    output: result.output,
    isError: result.isError,
  }));

  const capped = await runTools(
    new MockChatModel({
      respond: (_request, call) => ({
        toolCalls: [
          { toolCallId: `c${call.index}`, toolName: 'get_weather', input: { city: 'Oslo' } },
        ],
      }),
    }),
    { messages: [{ role: 'user', content: 'Loop forever.' }], tools: [getWeather] },
    { maxSteps: 2 },
  );

  const manual = await oneStep(
    new MockChatModel({
      responses: [
        { toolCalls: [{ toolCallId: 'c1', toolName: 'get_weather', input: { city: 'Oslo' } }] },
      ],
    }),
    [{ role: 'user', content: 'Weather in Oslo?' }],
  );

  return {
    text: run.text,
    stopReason: run.stopReason,
    steps: run.steps.length,
    report,
    firstResults,
    roles: historyAfter(question, run).map((message) => message.role),
    outputTokens: run.usage.outputTokens,
    capped: { stopReason: capped.stopReason, steps: capped.steps.length },
    pending: await needsApproval(
      new MockChatModel({
        responses: [
          { toolCalls: [{ toolCallId: 'r1', toolName: 'refund_order', input: { orderId: 17 } }] },
        ],
      }),
    ),
    manual: manual.at(-1),
  };
}

if (import.meta.main) console.log(await main());

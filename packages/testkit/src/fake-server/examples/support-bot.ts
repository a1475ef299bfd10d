// An example app: a support bot on the official openai SDK. The guide
// docs/guides/testing-your-app.md tests it with the fake provider server.
import type OpenAI from 'openai';

const tools: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_order',
      description: 'Looks up an order by id.',
      parameters: {
        type: 'object',
        properties: { orderId: { type: 'string' } },
        required: ['orderId'],
      },
    },
  },
];

/** The app's own data access, stubbed for the example. */
function getOrder(orderId: string): { orderId: string; status: string } {
  return { orderId, status: 'shipped' };
}

/** Answers a customer question, looking orders up through tool calls when the model asks. */
export async function answerCustomer(client: OpenAI, question: string): Promise<string> {
  const messages: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'system', content: 'You are a support agent for an online shop.' },
    { role: 'user', content: question },
  ];
  for (let round = 0; round < 3; round++) {
    const completion = await client.chat.completions.create({
      model: 'gpt-6-luna',
      messages,
      tools,
    });
    const message = completion.choices[0]!.message;
    if (message.tool_calls === undefined || message.tool_calls.length === 0)
      return message.content ?? '';
    messages.push(message);
    for (const call of message.tool_calls) {
      if (call.type !== 'function') continue;
      const { orderId } = JSON.parse(call.function.arguments) as { orderId: string };
      messages.push({
        role: 'tool',
        tool_call_id: call.id,
        content: JSON.stringify(getOrder(orderId)),
      });
    }
  }
  throw new Error('The model kept calling tools; giving up after 3 rounds.');
}

/** Streams an answer to `onText` and returns the token usage the API reported. */
export async function streamAnswer(
  client: OpenAI,
  question: string,
  onText: (text: string) => void,
): Promise<OpenAI.CompletionUsage | undefined> {
  const stream = await client.chat.completions.create({
    model: 'gpt-6-luna',
    messages: [{ role: 'user', content: question }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    const text = chunk.choices[0]?.delta.content;
    if (text) onText(text);
    if (chunk.usage) usage = chunk.usage;
  }
  return usage;
}

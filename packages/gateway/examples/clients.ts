// docs/guides/deploying-the-gateway.md, "Calling it" and packages/gateway/README.md.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** The same gateway, from both official clients; each can reach either provider's models. */
export async function callTheGateway(gatewayUrl: string, gatewayKey: string): Promise<void> {
  const openai = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: gatewayKey });
  const completion = await openai.chat.completions.create({
    model: 'smart', // Claude, behind the OpenAI wire
    messages: [{ role: 'user', content: 'Explain Retry-After in one sentence.' }],
  });
  console.log(completion.choices[0]?.message.content);

  const anthropic = new Anthropic({ baseURL: gatewayUrl, apiKey: gatewayKey });
  const stream = anthropic.messages.stream({
    model: 'fast', // GPT-4o mini, behind the Anthropic wire
    max_tokens: 200,
    messages: [{ role: 'user', content: 'Count to five.' }],
  });
  stream.on('text', (text) => process.stdout.write(text));
  await stream.finalMessage();

  // Conversations kept by the gateway: send only the new turn.
  await openai.chat.completions.create(
    { model: 'fast', messages: [{ role: 'user', content: 'And in French?' }] },
    { headers: { 'x-conversation-id': 'support-ticket-4711' } },
  );
}

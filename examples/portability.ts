// docs/concepts/portability.md quotes the body of `switchProviders`: one
// conversation moved from OpenAI to Claude and back. It calls the real APIs
// (OPENAI_API_KEY and ANTHROPIC_API_KEY), so it is only type-checked here.
import { Conversation, tool } from '@org/llm-core';
import { createAnthropic } from '@org/llm-anthropic';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { z } from 'zod';

const openai = createOpenAIHttp();
const anthropic = createAnthropic();
const weather = tool({
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, sky: city === 'Paris' ? 'sunny' : 'cloudy' }),
});

/** One conversation, three turns, two providers. */
export async function switchProviders(): Promise<Conversation> {
  const chat = new Conversation({
    model: openai('gpt-6-luna'),
    system: 'Be terse.',
    tools: [weather],
  });
  await chat.send('Weather in Paris?'); // OpenAI calls the tool, then answers
  chat.model = anthropic('claude-sonnet-4-6');
  await chat.send('And in Oslo?'); // Claude sees the whole history, tool call and result included
  chat.model = openai('gpt-6-luna');
  await chat.send('Which is sunnier?'); // and so does OpenAI again
  return chat;
}

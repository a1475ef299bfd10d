import Anthropic from '@anthropic-ai/sdk';
import { anthropic, createFakeProviderServer } from '@org/llm-testkit';
import { describe, expect, it } from 'vitest';
import { inputTokens, summarize } from './summarizer.ts';

// #region anthropic
describe('summarize', () => {
  it('returns the streamed summary', async () => {
    await using server = await createFakeProviderServer();
    const client = new Anthropic({
      baseURL: server.anthropicBaseURL,
      apiKey: 'sk-ant-test',
      maxRetries: 0,
    });
    server.enqueue(anthropic.text('A short summary.'));

    expect(await summarize(client, 'A long text...')).toBe('A short summary.');
    expect(server.lastRequest.body).toMatchObject({
      system: 'Summarize the user text in one paragraph.',
      stream: true,
    });
  });

  it('fails when Claude is overloaded mid-request', async () => {
    await using server = await createFakeProviderServer();
    const client = new Anthropic({
      baseURL: server.anthropicBaseURL,
      apiKey: 'sk-ant-test',
      maxRetries: 0,
    });
    server.enqueue(anthropic.overloaded({ inBand: true }));

    await expect(summarize(client, 'A long text...')).rejects.toMatchObject({
      type: 'overloaded_error',
    });
  });

  it('counts input tokens', async () => {
    await using server = await createFakeProviderServer();
    const client = new Anthropic({
      baseURL: server.anthropicBaseURL,
      apiKey: 'sk-ant-test',
      maxRetries: 0,
    });
    server.enqueue(anthropic.countTokens(321));

    expect(await inputTokens(client, 'A long text...')).toBe(321);
  });
});
// #endregion anthropic

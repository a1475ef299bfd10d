import { createFakeProviderServer, loadRecordedExchanges, openai } from '@org/llm-testkit';
import OpenAI from 'openai';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamAnswer } from './support-bot.ts';

// #region own-recording
describe('replaying a recording', () => {
  it('replays a stream recorded from the app', async () => {
    await using server = await createFakeProviderServer();
    const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: 'sk-test', maxRetries: 0 });
    // One JSON chunk per line, as a .chunks.txt file holds them (an example written for this guide).
    server.enqueue(
      openai.fixture(join(import.meta.dirname, 'recordings', 'parcel-answer.chunks.txt')),
    );
    const pieces: string[] = [];

    await streamAnswer(client, 'Where is my parcel?', (text) => pieces.push(text));

    expect(pieces.join('')).toBe('Your parcel arrives today.');
  });
});
// #endregion own-recording

// #region peers
// Relative paths are read under $LLM_PEERS_DIR/fixtures/: a folder of recordings the suites share.
const recordings = process.env.LLM_PEERS_DIR;
if (!recordings) console.warn('Skipping the replay of recorded API calls: LLM_PEERS_DIR is unset.');

describe.skipIf(!recordings)('replaying recorded API calls', () => {
  it('parses a real streamed answer of api.openai.com', async () => {
    await using server = await createFakeProviderServer();
    const client = new OpenAI({ baseURL: server.openaiBaseURL, apiKey: 'sk-test', maxRetries: 0 });
    const cassette = 'simonw-llm/test_tool_use_basic.yaml';
    server.enqueue(openai.fixture(cassette));

    const usage = await streamAnswer(client, 'What is 1231 * 2331?', () => undefined);

    expect(usage).toMatchObject({ prompt_tokens: 54, completion_tokens: 20 });
    // The app asks for the usage chunk as the recorded client did.
    const [recorded] = loadRecordedExchanges(`openai/${cassette}`);
    expect(server.lastRequest.body).toMatchObject({
      stream_options: (recorded!.request!.body as { stream_options: unknown }).stream_options,
    });
  });
});
// #endregion peers

import { createRegistry, type ChatRequest } from '@org/llm-core';
import { createOpenAIHttp } from '@org/llm-openai-http';
import { withResilience } from '@org/llm-resilience';
import { createFakeProviderServer, openai, type FakeProviderServer } from '@org/llm-testkit';
import { Redis } from 'ioredis';
import { openRedisStore } from '@org/llm-memory';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashGatewayKey } from './auth/gateway-key.ts';
import { createGateway, type Gateway } from './create-gateway.ts';
import { createRedisGatewayState } from './state/redis-gateway-state.ts';
import { recording } from './test-support/gateway-harness.ts';
import { startHaproxy, type TestHaproxy } from './test-support/haproxy.ts';
import { ManualClock } from './test-support/manual-clock.ts';
import { mustStart, requireBinaries, startRedis, type RedisServer } from '@org/llm-test-support';

// Three gateway instances behind a real HAProxy (round robin per request),
// sharing one redis-server: limits, circuits and conversations hold for the
// fleet, not per instance. Time is a hand-driven clock shared by the three.

const skip = requireBinaries(
  'gateway scale-out',
  ['redis-server', 'haproxy'],
  'redis-server haproxy',
);

const probeIntervalMs = 1000;
const limitedKey = 'gw-limited-60rpm';
const freeKey = 'gw-unlimited';

/** The answer's text: the message content, or the streamed content deltas joined. */
async function answerText(response: Response, stream: boolean): Promise<string> {
  if (!stream) {
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    return body.choices[0]!.message.content;
  }
  return (await response.text())
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => {
      const chunk = JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] };
      return chunk.choices[0]?.delta.content ?? '';
    })
    .join('');
}

interface Instance {
  readonly gateway: Gateway;
  readonly port: number;
  readonly calls: ChatRequest[];
  readonly redis: Redis;
}

describe.skipIf(skip !== undefined)('three gateway instances behind HAProxy on one Redis', () => {
  let redisServer: RedisServer | undefined;
  let fake: FakeProviderServer;
  let proxy: TestHaproxy | undefined;
  let proxyUrl = '';
  const clock = new ManualClock();
  const instances: Instance[] = [];

  async function startInstance(): Promise<Instance> {
    const redis = new Redis(redisServer!.url);
    const calls: ChatRequest[] = [];
    const adapter = createOpenAIHttp({
      baseURL: fake.openaiBaseURL,
      apiKey: 'sk-provider-key-0000',
    });
    const resilient = (id: string) =>
      withResilience(recording(adapter(id), calls), {
        retry: false,
        breaker: { mode: { type: 'consecutive', failures: 2 }, halfOpenAfterMs: 30_000 },
      });
    const chat = resilient('gpt-4o-mini');
    const flaky = resilient('gpt-flaky');
    const registry = createRegistry(
      { openai: (id: string) => (id === 'gpt-flaky' ? flaky : chat) },
      { aliases: { chat: 'openai:gpt-4o-mini', flaky: 'openai:gpt-flaky' } },
    );
    const gateway = createGateway({
      registry,
      models: ['chat', 'flaky'],
      keys: [
        { id: 'limited', sha256: hashGatewayKey(limitedKey), rpm: 60 },
        { id: 'free', sha256: hashGatewayKey(freeKey) },
      ],
      state: createRedisGatewayState({ redis }),
      conversations: await openRedisStore({ client: redis }),
      circuits: [chat.circuits!, flaky.circuits!],
      circuitSyncIntervalMs: probeIntervalMs,
      clock,
      onError: () => undefined,
    });
    const { port } = await gateway.listen();
    return { gateway, port, calls, redis };
  }

  beforeAll(async () => {
    redisServer = mustStart(await startRedis());
    fake = await createFakeProviderServer();
    for (let index = 0; index < 3; index++) instances.push(await startInstance());
    proxy = await startHaproxy(instances.map((instance) => instance.port));
    proxyUrl = proxy.url;
  });
  afterAll(async () => {
    await proxy?.stop();
    for (const instance of instances) {
      await instance.gateway.close();
      instance.redis.disconnect();
    }
    await fake.close();
    await redisServer?.stop();
  });
  beforeEach(() => {
    fake.reset();
    for (const instance of instances) instance.calls.length = 0;
  });

  const ask = (
    url: string,
    key: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('gives a 60 RPM key 60 requests in total across the three, not 180', async () => {
    fake.handle(() => openai.text('ok'));
    const statuses: number[] = [];
    for (let index = 0; index < 90; index++) {
      const response = await ask(proxyUrl, limitedKey, {
        model: 'chat',
        messages: [{ role: 'user', content: `#${index}` }],
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);
    // Every instance served its share: the limit is the fleet's, not each one's.
    expect(instances.map((instance) => instance.calls.length).every((count) => count >= 15)).toBe(
      true,
    );
    expect(fake.requests).toHaveLength(60);
  });

  it('opens the circuit on every instance within one probe interval of an outage seen by one', async () => {
    fake.handle((request) =>
      (request.body as { model?: string }).model === 'gpt-flaky'
        ? openai.error(500, { message: 'The server had an error while processing your request.' })
        : openai.text('ok'),
    );
    const [first, second, third] = instances.map((instance) => `http://127.0.0.1:${instance.port}`);
    const flaky = { model: 'flaky', messages: [{ role: 'user', content: 'Hi' }] };
    // The outage, as the first instance alone sees it: two failures open its circuit.
    expect((await ask(first!, freeKey, flaky)).status).toBe(502);
    expect((await ask(first!, freeKey, flaky)).status).toBe(502);
    const openHere = await ask(first!, freeKey, flaky);
    expect(openHere.status).toBe(503);
    expect(await openHere.json()).toMatchObject({ error: { code: 'circuit_open' } });
    expect(fake.requests).toHaveLength(2);

    // Before the next probe interval the others still call the provider.
    expect((await ask(second!, freeKey, flaky)).status).toBe(502);
    expect(fake.requests).toHaveLength(3);

    await clock.advance(probeIntervalMs);
    for (const url of [second!, third!, proxyUrl, proxyUrl, proxyUrl]) {
      const response = await ask(url, freeKey, flaky);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'circuit_open' } });
    }
    expect(fake.requests).toHaveLength(3);
    // Other models are not affected.
    expect(
      (
        await ask(proxyUrl, freeKey, {
          model: 'chat',
          messages: [{ role: 'user', content: 'Hi' }],
        })
      ).status,
    ).toBe(200);

    // Once the circuit's time passes, every instance lets calls through again.
    await clock.advance(30_000);
    fake.handle(() => openai.text('back'));
    expect((await ask(third!, freeKey, flaky)).status).toBe(200);
  });

  it('keeps every turn of a conversation served alternately by all three', async () => {
    fake.handle((request) => {
      const messages = (request.body as { messages: unknown[] }).messages;
      return openai.text(`answer to ${messages.length} messages`);
    });
    const conversation = { 'x-conversation-id': 'scale-out-1' };
    for (let turn = 1; turn <= 6; turn++) {
      const stream = turn % 2 === 0;
      const response = await ask(
        proxyUrl,
        freeKey,
        { model: 'chat', stream, messages: [{ role: 'user', content: `turn ${turn}` }] },
        conversation,
      );
      expect(response.status).toBe(200);
      expect(await answerText(response, stream)).toBe(`answer to ${2 * turn - 1} messages`);
    }
    // Each instance served two of the six turns, and each saw the whole history so far.
    expect(instances.map((instance) => instance.calls.length)).toEqual([2, 2, 2]);
    const last = fake.lastRequest.body as { messages: { role: string; content: string }[] };
    expect(last.messages.map((message) => message.content)).toEqual([
      'turn 1',
      'answer to 1 messages',
      'turn 2',
      'answer to 3 messages',
      'turn 3',
      'answer to 5 messages',
      'turn 4',
      'answer to 7 messages',
      'turn 5',
      'answer to 9 messages',
      'turn 6',
    ]);
    const stored = await (
      await openRedisStore({ client: instances[0]!.redis })
    ).load('scale-out-1');
    // Six turns, one version each, twelve messages in all.
    expect(stored?.version).toBe(6);
    expect(stored?.messages).toHaveLength(12);
  });
});

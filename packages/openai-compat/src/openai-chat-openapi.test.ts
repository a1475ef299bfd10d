import type { ChatRequest } from '@org/llm-core';
import { peersDirStatus } from '@org/llm-test-support';
import { describe, expect, it } from 'vitest';
import { openAIModelCapabilities } from './openai-model-capabilities.ts';
import { prepareOpenAIRequest } from './prepare-openai-request.ts';
import { loadChatCompletionRequestValidator } from './test-support/openapi-request-validator.ts';

const peers = peersDirStatus();
if (!peers.found) console.warn(`OpenAPI validation tests skipped: ${peers.reason}`);

describe.skipIf(!peers.found)(
  'request bodies against the official OpenAPI spec (CreateChatCompletionRequest)',
  () => {
    const validate = peers.found ? loadChatCompletionRequestValidator(peers.dir) : () => [];

    it('rejects invalid bodies, naming what is wrong (so a dead validator cannot pass)', () => {
      expect(validate({ messages: [{ role: 'user', content: 'hi' }] })).toContain(
        '(body) must have required property \'model\' {"missingProperty":"model"}',
      );
      expect(validate({ model: 'gpt-4o', messages: [] }).join('\n')).toContain(
        '/messages must NOT have fewer than 1 items',
      );
      expect(
        validate({ model: 'gpt-4o', messages: [{ role: 'robot', content: 'hi' }] }).join('\n'),
      ).toContain('/messages/0/role');
      expect(
        validate({
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'hi' }],
          max_completion_tokens: '5',
        }).join('\n'),
      ).toContain('/max_completion_tokens must be integer');
      expect(
        validate({
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'hi' }],
          reasoning_effort: 'extreme',
        }).join('\n'),
      ).toContain('/reasoning_effort');
      expect(
        validate({
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'hi' }],
          stop: ['a', 'b', 'c', 'd', 'e'],
        }).join('\n'),
      ).toContain('/stop');
    });

    it('accepts a minimal body', () => {
      expect(validate({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).toEqual(
        [],
      );
    });

    it('accepts the body of a request that uses every field, streamed and not, for a chat and a reasoning model', () => {
      const request: ChatRequest = {
        system: 'Be brief.',
        messages: [
          { role: 'system', content: 'Answer in English.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this image?' },
              {
                type: 'image',
                url: 'https://example.com/a.png',
                providerOptions: { openai: { imageDetail: 'high' } },
              },
              { type: 'image', data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'hmm', provider: 'anthropic' },
              {
                type: 'tool-call',
                toolCallId: 'call_1',
                toolName: 'get_weather',
                input: { city: 'Paris' },
              },
            ],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'call_1',
                toolName: 'get_weather',
                output: { celsius: 21 },
              },
            ],
          },
          { role: 'assistant', content: 'It is 21 degrees.' },
          { role: 'user', content: 'Thanks.' },
        ],
        tools: [
          {
            name: 'get_weather',
            description: 'Weather',
            inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
            strict: false,
          },
        ],
        toolChoice: { type: 'tool', toolName: 'get_weather' },
        parallelToolCalls: true,
        responseFormat: {
          type: 'json-schema',
          schema: { type: 'object' },
          name: 'answer',
          description: 'The answer',
        },
        maxOutputTokens: 200,
        temperature: 0.3,
        topP: 0.8,
        stop: ['END', 'STOP'],
        seed: 42,
        reasoning: { effort: 'low' },
        providerOptions: {
          openai: {
            user: 'u-1',
            logprobs: true,
            top_logprobs: 2,
            service_tier: 'auto',
            store: false,
            metadata: { app: 'test' },
          },
        },
      };
      for (const modelId of ['gpt-4o-mini', 'o4-mini']) {
        const settings = {
          provider: 'openai',
          modelId,
          capabilities: openAIModelCapabilities(modelId),
          maxTokensParameter: 'max_completion_tokens',
        } as const;
        for (const stream of [false, true]) {
          expect(
            validate(prepareOpenAIRequest(request, settings, stream).body),
            `${modelId}, stream ${String(stream)}`,
          ).toEqual([]);
        }
      }
    });
  },
);

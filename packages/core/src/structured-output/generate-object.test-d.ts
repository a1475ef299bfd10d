import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { ChatModel } from '../spec/chat-model.ts';
import { generateObject } from './generate-object.ts';

declare const model: ChatModel;

describe('generateObject types', () => {
  it('infers the object type from the schema output', async () => {
    const { object } = await generateObject(model, {
      schema: z.object({
        when: z.iso.date().transform((text) => new Date(text)),
        tags: z.array(z.string()),
      }),
      messages: [{ role: 'user', content: 'x' }],
    });
    expectTypeOf(object).toEqualTypeOf<{ when: Date; tags: string[] }>();
  });

  it('does not take a responseFormat (the schema decides it)', () => {
    void generateObject(model, {
      schema: z.string(),
      messages: [],
      // @ts-expect-error responseFormat is chosen by generateObject
      responseFormat: { type: 'json' },
    });
  });
});

// docs/concepts/structured-output.md quotes this file. Run it with
// `node --conditions=@org/source examples/concepts/structured-output.ts`.
import {
  StructuredOutputError,
  generateObject,
  streamObject,
  type ChatModel,
  type DeepPartial,
} from '@org/llm-core';
import { MockChatModel } from '@org/llm-testkit';
import { z } from 'zod';

export const recipeSchema = z.object({
  name: z.string(),
  minutes: z.number().int().positive(),
  steps: z.array(z.string()).min(1),
});
export type Recipe = z.infer<typeof recipeSchema>;

/** A typed, validated object; `object` has the schema's type. */
export async function suggestRecipe(model: ChatModel, ingredient: string): Promise<Recipe> {
  const { object } = await generateObject(model, {
    schema: recipeSchema,
    schemaName: 'recipe',
    schemaDescription: 'A quick recipe',
    messages: [{ role: 'user', content: `A quick recipe with ${ingredient}, please.` }],
  });
  return object;
}

/** When even the repair round fails, the error holds the raw answer and the issues. */
export async function suggestOrExplain(model: ChatModel): Promise<string> {
  try {
    const recipe = await suggestRecipe(model, 'eggs');
    return recipe.name;
  } catch (error) {
    if (!StructuredOutputError.isInstance(error)) throw error;
    const issues = error.issues.map((issue) => issue.message);
    return `unusable answer ${JSON.stringify(error.text)} (${issues.join('; ')})`;
  }
}

/** Partial objects while the model writes, then the validated object. */
export async function streamRecipe(
  model: ChatModel,
  render: (partial: DeepPartial<Recipe>) => void,
): Promise<Recipe> {
  const result = await streamObject(model, {
    schema: recipeSchema,
    messages: [{ role: 'user', content: 'A quick recipe with rice.' }],
  });
  for await (const partial of result.partialObjectStream) render(partial);
  return result.object();
}

/** Everything above, against scripted models; returns what each step observed. */
export async function main(): Promise<Record<string, unknown>> {
  const valid = '{"name":"Omelette","minutes":10,"steps":["Beat the eggs","Fry"]}';

  // A model with native JSON Schema output answers invalid JSON once, then repairs it.
  const native = new MockChatModel({
    responses: ['{"name":"Omelette","minutes":"ten","steps":[]}', valid],
  });
  const repaired = await generateObject(native, {
    schema: recipeSchema,
    messages: [{ role: 'user', content: 'A recipe with eggs.' }],
  });

  // A model without JSON modes gets the schema in its instructions and may wrap the JSON.
  const plain = new MockChatModel({
    capabilities: { jsonOutput: false, jsonSchemaOutput: false },
    responses: [`Here you go:\n\`\`\`json\n${valid}\n\`\`\``],
  });
  const instructed = await generateObject(plain, {
    schema: recipeSchema,
    messages: [{ role: 'user', content: 'A recipe with eggs.' }],
  });

  const partials: DeepPartial<Recipe>[] = [];
  const streamed = await streamRecipe(
    new MockChatModel({
      responses: [{ chunks: ['{"name":"Fried', ' rice","minutes":15,', '"steps":["Fry"]}'] }],
    }),
    (partial) => partials.push(partial),
  );
  return {
    repaired: {
      mode: repaired.mode,
      repairs: repaired.repairs,
      object: repaired.object,
      inputTokens: repaired.usage.inputTokens,
      responseFormat: native.calls[0]?.request.responseFormat?.type,
      repairPrompt: native.calls[1]?.request.messages.at(-1)?.content,
    },
    instructed: {
      mode: instructed.mode,
      system: plain.calls[0]?.request.system?.split('\n')[0],
      name: instructed.object.name,
    },
    suggested: await suggestRecipe(new MockChatModel({ responses: [valid] }), 'eggs'),
    failed: await suggestOrExplain(new MockChatModel({ responses: ['Sorry.', 'No.'] })),
    partials,
    streamed,
  };
}

if (import.meta.main) console.log(await main());

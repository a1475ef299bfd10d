import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** Checks request bodies against `CreateChatCompletionRequest`; returns one line per problem (empty: valid). */
export type ChatCompletionRequestValidator = (body: unknown) => string[];

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default
// import is `module.exports`, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

/**
 * Compiles `CreateChatCompletionRequest` from the official OpenAPI spec in
 * `<peers>/openai/chat.prism.json` with Ajv's JSON Schema 2020-12 dialect
 * (OpenAPI 3.1 schemas are 2020-12). That derived file, rather than the raw
 * `openapi.yaml`, because the raw spec has `nullable` without `type`, which
 * Ajv (like Prism) rejects; see the peers README and ADR 0004.
 *
 * `strict: false` lets Ajv skip OpenAPI's annotation keywords (`example`,
 * `x-stainless-*`, `discriminator`); every validation keyword still applies,
 * and `nullable` (OpenAPI 3.0) is honoured by Ajv itself. A test feeds it an
 * invalid body, so a validator that accepts everything fails the suite.
 */
export function loadChatCompletionRequestValidator(peers: string): ChatCompletionRequestValidator {
  const document = JSON.parse(
    readFileSync(join(peers, 'openai', 'chat.prism.json'), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: 'openai-openapi' });
  const validate = ajv.getSchema('openai-openapi#/components/schemas/CreateChatCompletionRequest');
  if (validate === undefined)
    throw new Error('CreateChatCompletionRequest is missing from chat.prism.json');
  return (body) => {
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '(body)'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`,
    );
  };
}

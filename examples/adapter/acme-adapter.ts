// docs/guides/writing-an-adapter.md, "An OpenAI-compatible API".
// A team's own adapter: Acme's OpenAI-compatible API with its host, its key
// variable and its provider id, built on @org/llm-openai-http.
import { createOpenAIHttp, type OpenAIHttpProvider } from '@org/llm-openai-http';

/** Options of {@link createAcme}. */
export interface AcmeOptions {
  /** Default: `ACME_API_KEY`. */
  readonly apiKey?: string | undefined;
  /** Default: Acme's production host. */
  readonly baseURL?: string | undefined;
}

/** Chat models of Acme's OpenAI-compatible API. */
export function createAcme(options: AcmeOptions = {}): OpenAIHttpProvider {
  return createOpenAIHttp({
    name: 'acme',
    baseURL: options.baseURL ?? 'https://api.acme.example/v1',
    apiKey: options.apiKey ?? process.env.ACME_API_KEY,
    maxTokensParameter: 'max_tokens',
  });
}

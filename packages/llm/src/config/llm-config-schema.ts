import { z } from 'zod';

// Every refinement message starts with "allowed: ": the issue formatter shows
// it as what the key accepts (see format-config-issues.ts).
const allowed = (text: string): { readonly error: string } => ({ error: `allowed: ${text}` });

/** `scheme:rest`, the shape of a secret reference (`env:NAME`, `file:/path`, `aws-kms:...`). */
export const secretReferencePattern = /^([a-z][a-z0-9+.-]*):(.+)$/s;

/** A secret reference: resolved at start-up, never written in the file itself. */
export const secretReferenceSchema = z
  .string(
    allowed('a secret reference such as env:NAME, file:/run/secrets/name or aws-kms:<ciphertext>'),
  )
  .regex(
    secretReferencePattern,
    allowed('a secret reference such as env:NAME, file:/run/secrets/name or aws-kms:<ciphertext>'),
  );

const positiveMs = z
  .number(allowed('a whole number of milliseconds above 0'))
  .int(allowed('a whole number of milliseconds above 0'))
  .positive(allowed('a whole number of milliseconds above 0'));
const nonNegativeMs = z
  .number(allowed('a whole number of milliseconds, 0 or more'))
  .int(allowed('a whole number of milliseconds, 0 or more'))
  .nonnegative(allowed('a whole number of milliseconds, 0 or more'));
const count = (what: string, min = 1) =>
  z
    .number(allowed(`a whole number of ${what}, ${min} or more`))
    .int(allowed(`a whole number of ${what}, ${min} or more`))
    .min(min, allowed(`a whole number of ${what}, ${min} or more`));
const usdPerMillion = z
  .number(allowed('US dollars per million tokens, 0 or more'))
  .nonnegative(allowed('US dollars per million tokens, 0 or more'));

/** The adapters a provider can use. */
export const adapterNames = ['openai-http', 'openai', 'anthropic'] as const;

/** A header value: plain text, or a secret reference for credentials. */
const headerValueSchema = z.union([z.string(), z.strictObject({ secret: secretReferenceSchema })]);

/** Prices and limits of a model the adapter's catalog does not know (or corrections). */
const modelOverrideSchema = z.strictObject({
  contextWindow: count('tokens').optional(),
  maxOutputTokens: count('tokens').optional(),
  pricing: z
    .strictObject({
      inputPerMillion: usdPerMillion,
      outputPerMillion: usdPerMillion,
      cacheReadPerMillion: usdPerMillion.optional(),
      cacheWritePerMillion: usdPerMillion.optional(),
      reasoningPerMillion: usdPerMillion.optional(),
    })
    .optional(),
});

/** One provider: which adapter, where, with which key. */
export const providerConfigSchema = z.strictObject({
  adapter: z.enum(adapterNames, allowed(adapterNames.join(', '))),
  baseURL: z.url(allowed('an absolute http: or https: URL')).optional(),
  apiKey: secretReferenceSchema.optional(),
  proxy: z
    .union(
      [z.literal(false), z.string().min(1)],
      allowed('a proxy URL, a secret reference, or false'),
    )
    .optional(),
  timeoutMs: positiveMs.optional(),
  headers: z.record(z.string(), headerValueSchema).optional(),
  organization: z.string().optional(),
  project: z.string().optional(),
  maxTokensParameter: z
    .enum(['max_completion_tokens', 'max_tokens'], allowed('max_completion_tokens or max_tokens'))
    .optional(),
  azure: z
    .strictObject({
      apiVersion: z.string(allowed("an Azure OpenAI api-version such as '2024-10-21'")).min(1),
      resourceName: z.string().min(1).optional(),
      deployments: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  apiVersion: z.string(allowed("an anthropic-version date such as '2023-06-01'")).optional(),
  apiKeyHeader: z
    .enum(['authorization', 'x-api-key'], allowed('authorization or x-api-key'))
    .optional(),
  models: z.record(z.string(), modelOverrideSchema).optional(),
});

const retrySchema = z.strictObject({
  maxAttempts: count('attempts').optional(),
  initialDelayMs: nonNegativeMs.optional(),
  maxDelayMs: nonNegativeMs.optional(),
  backoffFactor: z
    .number(allowed('a number, 1 or more'))
    .min(1, allowed('a number, 1 or more'))
    .optional(),
  maxRetryAfterMs: nonNegativeMs.optional(),
  deadlineMs: positiveMs.optional(),
  attemptHeader: z
    .union([z.string().min(1), z.literal(false)], allowed('a header name, or false'))
    .optional(),
});

const breakerSchema = z.strictObject({
  mode: z
    .union(
      [
        z.strictObject({ type: z.literal('consecutive'), failures: count('failures') }),
        z.strictObject({
          type: z.literal('sampling'),
          threshold: z.number().gt(0).max(1),
          durationMs: positiveMs,
          minimumRps: z.number().positive().optional(),
        }),
      ],
      allowed('{ type: consecutive, failures } or { type: sampling, threshold, durationMs }'),
    )
    .optional(),
  halfOpenAfterMs: positiveMs.optional(),
});

/** A named set of resilience settings (the options of `withResilience` that a file can hold). */
export const resiliencePolicySchema = z.strictObject({
  retry: z.union([z.literal(false), retrySchema], allowed('retry settings, or false')).optional(),
  deadline: z
    .union(
      [
        z.literal(false),
        z.strictObject({
          firstContentMs: positiveMs.optional(),
          idleMs: positiveMs.optional(),
          attemptMs: positiveMs.optional(),
        }),
      ],
      allowed('deadline settings (firstContentMs, idleMs, attemptMs), or false'),
    )
    .optional(),
  breaker: z
    .union([z.literal(false), breakerSchema], allowed('breaker settings, or false'))
    .optional(),
  hedge: z
    .strictObject({
      delayMs: nonNegativeMs,
      maxHedgesInFlight: count('hedges', 0).optional(),
    })
    .optional(),
  rateLimit: z
    .strictObject({
      requestsPerMinute: count('requests').optional(),
      tokensPerMinute: count('tokens').optional(),
      onLimit: z.enum(['wait', 'reject'], allowed('wait or reject')).optional(),
      maxWaitMs: nonNegativeMs.optional(),
    })
    .optional(),
  bulkhead: z
    .strictObject({ maxConcurrent: count('calls'), maxQueued: count('calls', 0).optional() })
    .optional(),
  resumeInterrupted: z.boolean(allowed('true or false')).optional(),
});

/** A model entry: an alias for `provider:model`, or a chain with its own policy. */
export const modelConfigSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({
      model: z.string(allowed("'provider:model' or an alias")).min(1),
      fallbacks: z.array(z.string().min(1)).optional(),
      resilience: z.union([z.string().min(1), z.literal(false)]).optional(),
    }),
  ],
  allowed("'provider:model', an alias, or { model, fallbacks, resilience }"),
);

const ttlMs = count('milliseconds').optional();

/** Where conversations persist (the stores of `@org/llm-memory`, or memory). */
export const storeConfigSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('memory') }),
    z.strictObject({
      kind: z.literal('sqlite'),
      path: z.string(allowed("a file path, or ':memory:'")).min(1),
      ttlMs,
    }),
    z.strictObject({
      kind: z.literal('postgres'),
      url: z.string(allowed('a postgres:// URL or a secret reference')).min(1),
      schema: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, allowed('a schema name: letters, digits and _'))
        .optional(),
      maxConnections: count('connections').optional(),
      ttlMs,
    }),
    z
      .strictObject({
        kind: z.literal('redis'),
        url: z
          .string(allowed('a redis:// or rediss:// URL or a secret reference'))
          .min(1)
          .optional(),
        cluster: z
          .array(z.string(allowed('a redis:// URL of a cluster node')).min(1))
          .min(1, allowed('at least one startup node'))
          .optional(),
        prefix: z
          .string()
          .regex(/^[^{}]*$/, allowed('a key prefix without { or }'))
          .optional(),
        ttlMs,
      })
      .refine((store) => (store.url === undefined) !== (store.cluster === undefined), {
        message: allowed('exactly one of url (one server) and cluster (startup nodes)').error,
      }),
  ],
  allowed('kind memory, sqlite, postgres or redis'),
);

/** A key clients present to `llm serve`: the key itself behind a reference, or its SHA-256. */
export const gatewayKeyConfigSchema = z.strictObject({
  id: z
    .string(allowed('a name for the key, such as team-search (not a secret)'))
    .regex(/^[A-Za-z0-9._:-]+$/, allowed('a key name: letters, digits, . _ : -')),
  key: secretReferenceSchema.optional(),
  sha256: z
    .string(allowed('the SHA-256 of the key, 64 hexadecimal digits'))
    .regex(/^[0-9a-fA-F]{64}$/, allowed('the SHA-256 of the key, 64 hexadecimal digits'))
    .optional(),
  models: z.array(z.string().min(1)).optional(),
  rpm: count('requests per minute').optional(),
  tpm: count('tokens per minute').optional(),
  budget: z
    .strictObject({
      usd: z.number(allowed('US dollars, above 0')).positive(allowed('US dollars, above 0')),
      period: z.enum(['day', 'month', 'total'], allowed('day, month or total')).optional(),
    })
    .optional(),
});

/** The gateway `llm serve` runs: where it listens, what it serves, its keys and shared state. */
export const gatewayConfigSchema = z.strictObject({
  host: z
    .string(allowed('an address to listen on, such as 127.0.0.1 or 0.0.0.0'))
    .min(1)
    .optional(),
  port: z
    .number(allowed('a port number from 0 to 65535'))
    .int(allowed('a port number from 0 to 65535'))
    .min(0, allowed('a port number from 0 to 65535'))
    .max(65_535, allowed('a port number from 0 to 65535'))
    .optional(),
  models: z.array(z.string().min(1)).min(1).optional(),
  keys: z.array(gatewayKeyConfigSchema).optional(),
  redis: z.string(allowed('a redis:// URL or a secret reference')).min(1).optional(),
  redisKeyPrefix: z.string().min(1).optional(),
  conversations: z.boolean(allowed('true or false')).optional(),
  maxBodyBytes: count('bytes').optional(),
  drainTimeoutMs: positiveMs.optional(),
  shutdownDelayMs: nonNegativeMs.optional(),
  circuitSyncIntervalMs: positiveMs.optional(),
});

/** The whole configuration file. */
export const llmConfigSchema = z.strictObject({
  providers: z.record(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]*$/,
        allowed('a provider name in lower case: letters, digits, . _ -'),
      ),
    providerConfigSchema,
  ),
  models: z.record(z.string().min(1), modelConfigSchema).optional(),
  resilience: z.record(z.string().min(1), resiliencePolicySchema).optional(),
  defaults: z
    .strictObject({
      resilience: z.union([z.string().min(1), z.literal(false)]).optional(),
    })
    .optional(),
  store: storeConfigSchema.optional(),
  conversations: z
    .strictObject({
      model: z.string().min(1).optional(),
      lastMessages: count('messages').optional(),
      tokenBudget: z
        .union(
          [
            z.literal(true),
            z.strictObject({
              marginTokens: count('tokens', 0).optional(),
              maxInputTokens: count('tokens').optional(),
            }),
          ],
          allowed('true, or { marginTokens, maxInputTokens }'),
        )
        .optional(),
    })
    .refine(
      (conversations) =>
        !(conversations.lastMessages !== undefined && conversations.tokenBudget !== undefined),
      {
        message: allowed('one of lastMessages and tokenBudget, not both').error,
      },
    )
    .optional(),
  metrics: z
    .strictObject({
      enabled: z.boolean(allowed('true or false')).optional(),
      prefix: z
        .string()
        .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, allowed('a metric name prefix such as llm_'))
        .optional(),
    })
    .optional(),
  tracing: z
    .strictObject({
      enabled: z.boolean(allowed('true or false')).optional(),
      captureContent: z.boolean(allowed('true or false')).optional(),
      propagateContext: z.boolean(allowed('true or false')).optional(),
    })
    .optional(),
  gateway: gatewayConfigSchema.optional(),
  logging: z
    .strictObject({
      level: z
        .enum(['off', 'error', 'warn', 'info', 'debug'], allowed('off, error, warn, info or debug'))
        .optional(),
    })
    .optional(),
});

/** A validated configuration (secret references not resolved yet). */
export type LlmConfig = z.infer<typeof llmConfigSchema>;
/** One provider of {@link LlmConfig}. */
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
/** One entry of `models` in {@link LlmConfig}. */
export type ModelConfig = z.infer<typeof modelConfigSchema>;
/** One policy of `resilience` in {@link LlmConfig}. */
export type ResiliencePolicyConfig = z.infer<typeof resiliencePolicySchema>;
/** The `store` of {@link LlmConfig}: where conversations are kept. */
export type StoreConfig = z.infer<typeof storeConfigSchema>;
/** `LlmConfig.gateway`: what `llm serve` runs. */
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
/** One of `GatewayConfig.keys`. */
export type GatewayKeyConfig = z.infer<typeof gatewayKeyConfigSchema>;

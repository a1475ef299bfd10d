/**
 * Batteries included for @org/llm: a configuration file, environment and secrets (env, files, AWS
 * KMS) turned into ready ChatModels with resilience, proxies, metrics, traces, logs and
 * conversations.
 *
 * @module @org/llm
 */

export type {
  ConfiguredModel,
  CreateFromConfigOptions,
  LlmRuntime,
  RuntimeConversationOptions,
} from './runtime/create-from-config.ts';
export type {
  ResolvedGatewayConfig,
  ResolvedGatewayKey,
} from './runtime/resolve-gateway-config.ts';
export { createFromConfig } from './runtime/create-from-config.ts';

export type { LoadConfigOptions, LoadedConfig } from './config/load-config.ts';
export { configFileNames, loadConfig } from './config/load-config.ts';
export type {
  GatewayConfig,
  GatewayKeyConfig,
  LlmConfig,
  ModelConfig,
  ProviderConfig,
  ResiliencePolicyConfig,
  StoreConfig,
} from './config/llm-config-schema.ts';
export { adapterNames, llmConfigSchema } from './config/llm-config-schema.ts';
export { envOverridePrefix } from './config/apply-env-overrides.ts';

export type { SecretContext, SecretResolver } from './secrets/secret-resolver.ts';
export type { ResolvedSecrets } from './secrets/resolve-secrets.ts';
export { defaultSecretResolvers, resolveSecrets } from './secrets/resolve-secrets.ts';
export { envSecretResolver } from './secrets/env-secret-resolver.ts';
export { fileSecretResolver } from './secrets/file-secret-resolver.ts';
export type {
  AwsKmsSecretResolverOptions,
  KmsClientLike,
} from './secrets/aws-kms-secret-resolver.ts';
export { awsKmsSecretResolver } from './secrets/aws-kms-secret-resolver.ts';

export type { Logger, LogLevel } from './logging/logger.ts';
export { jsonLineLogger } from './logging/logger.ts';
export type { LoggingOptions } from './logging/with-logging.ts';
export { withLogging } from './logging/with-logging.ts';
export { logResilienceEvents } from './logging/log-resilience-events.ts';
export { redactLogFields } from './logging/redact-log-fields.ts';

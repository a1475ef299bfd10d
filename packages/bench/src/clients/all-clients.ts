import type { ClientDefinition } from '../bench-client.ts';
import { anthropicClients } from './anthropic-clients.ts';
import { openaiClients } from './openai-clients.ts';

/** Every client under test, OpenAI group first, floor first in each group. */
export const allClients: readonly ClientDefinition[] = [...openaiClients, ...anthropicClients];

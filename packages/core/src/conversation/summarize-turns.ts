import type { ChatMessage, SystemMessage } from '../messages/messages.ts';
import type { ChatModel } from '../spec/chat-model.ts';
import type { ConversationSummary } from './conversation-store.ts';

/** Options of `tokenBudget`'s summarisation. */
export interface SummarizeOptions {
  /** The model that writes summaries; often a cheaper one than the conversation's. */
  readonly model: ChatModel;
  /**
   * Tokens kept for the summary in the budget, and the summarising call's
   * `maxOutputTokens`; default 1,000.
   */
  readonly maxSummaryTokens?: number | undefined;
  /**
   * Share of the room (after the summary) that the verbatim turns may fill
   * right after a new summary, from 0.1 to 0.9; default 0.5. Lower values
   * summarise more at once and less often.
   */
  readonly keepRatio?: number | undefined;
  /** System prompt of the summarising call; a default asks to keep facts, names and decisions. */
  readonly instructions?: string | undefined;
}

const defaultInstructions =
  'You maintain the memory of a conversation between a user and an assistant. Summarise the ' +
  'conversation below so that the assistant can continue it without seeing it: keep names, facts, ' +
  "numbers, decisions, the user's preferences and open questions; drop greetings and filler. If a " +
  'summary so far is given, merge it with the new messages into one summary. Answer with the ' +
  'summary only, as plain prose.';

function partText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((part) => {
      switch (part.type) {
        case 'text':
          return part.text;
        case 'image':
          return '[image]';
        case 'tool-call':
          return `[called ${part.toolName}(${(JSON.stringify(part.input) as string | undefined) ?? ''})]`;
        case 'tool-result':
          return `[${part.toolName} ${part.isError === true ? 'failed' : 'returned'}: ${typeof part.output === 'string' ? part.output : ((JSON.stringify(part.output) as string | undefined) ?? '')}]`;
        case 'reasoning':
          return '';
        default:
          return part satisfies never;
      }
    })
    .filter((text) => text !== '')
    .join(' ');
}

const speakers: Record<ChatMessage['role'], string> = {
  system: 'System',
  user: 'User',
  assistant: 'Assistant',
  tool: 'Tool',
};

/** The transcript a summarising model reads: one line per message, speaker first. */
export function renderTranscript(messages: readonly ChatMessage[]): string {
  return messages.map((message) => `${speakers[message.role]}: ${partText(message)}`).join('\n');
}

/** The system message that stands in for the summarised turns in a request. */
export function summaryMessage(
  summary: Pick<ConversationSummary, 'fromVersion' | 'toVersion' | 'text'>,
): SystemMessage {
  return {
    role: 'system',
    content: `Summary of the earlier conversation (turns ${summary.fromVersion} to ${summary.toVersion}, not shown here):\n${summary.text}`,
  };
}

/** What to summarise: the summary so far and the messages after it. */
export interface SummarizeInput {
  readonly previous: string | undefined;
  readonly messages: readonly ChatMessage[];
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly abortSignal: AbortSignal | undefined;
}

/**
 * Asks the summarising model for a summary of `previous` plus `messages`;
 * `undefined` when it answers with no text (the caller then trims instead).
 */
export async function summarizeTurns(
  options: SummarizeOptions,
  input: SummarizeInput,
): Promise<ConversationSummary | undefined> {
  const parts = [
    ...(input.previous === undefined ? [] : [`Summary so far:\n${input.previous}`, '']),
    `${input.previous === undefined ? 'Conversation' : 'New messages'}:\n${renderTranscript(input.messages)}`,
  ];
  const result = await options.model.generate({
    system: options.instructions ?? defaultInstructions,
    messages: [{ role: 'user', content: parts.join('\n') }],
    maxOutputTokens: options.maxSummaryTokens ?? 1000,
    ...(input.abortSignal === undefined ? {} : { abortSignal: input.abortSignal }),
  });
  const text = result.text.trim();
  if (text === '') return undefined;
  return {
    fromVersion: input.fromVersion,
    toVersion: input.toVersion,
    text,
    model: `${options.model.provider}:${options.model.modelId}`,
    usage: result.usage,
  };
}

// A writer process for the concurrency and crash tests, run with
// `node --conditions=@org/source conversation-worker.ts '<json>'`.
//
// - mode `turns`: waits for "go" on stdin, then sends `turns` turns through
//   `Conversation` (a new instance per turn, as a web request would) to
//   conversations `<prefix>-0` ... `<prefix>-<conversations - 1>` in turn,
//   retrying a turn whose append kept conflicting; prints a JSON report.
// - mode `crash`: appends large turns as fast as it can, printing
//   "appended <n>" after each, until it is killed.
import {
  ChatStream,
  Conversation,
  ConversationConflictError,
  createUsage,
  type ChatModel,
  type ChatResult,
  type ConversationStore,
} from '@org/llm-core';
import { openStore, type StoreSpec } from './store-spec.ts';

interface WorkerInput {
  readonly mode: 'turns' | 'crash';
  readonly spec: StoreSpec;
  readonly worker: number;
  readonly prefix: string;
  readonly conversations: number;
  readonly turns: number;
}

const input = JSON.parse(process.argv[2]!) as WorkerInput;
const store = await openStore(input.spec);
let conflicts = 0;
/** The store, counting the conflicts it refuses. */
const counting: ConversationStore = {
  create: (id, options) => store.create(id, options),
  load: (id) => store.load(id),
  loadPage: (id, options) => store.loadPage(id, options),
  list: (options) => store.list(options),
  setMetadata: (id, metadata) => store.setMetadata(id, metadata),
  saveSummary: (id, summary) => store.saveSummary(id, summary),
  delete: (id) => store.delete(id),
  append: async (id, messages, options) => {
    try {
      return await store.append(id, messages, options);
    } catch (error) {
      if (ConversationConflictError.isInstance(error)) conflicts++;
      throw error;
    }
  },
};

/** Answers every question with "answer to <question>", so a test can check that each answer sits with its question. */
function answer(text: string): ChatResult {
  return {
    content: [{ type: 'text', text }],
    text,
    toolCalls: [],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: createUsage({ inputTokens: 10, outputTokens: 3 }),
    response: {},
    warnings: [],
  };
}
const model: ChatModel = {
  specificationVersion: 'v1',
  provider: 'echo',
  modelId: 'echo-1',
  capabilities: {
    tools: false,
    parallelToolCalls: false,
    vision: false,
    jsonOutput: false,
    jsonSchemaOutput: false,
    reasoning: false,
  },
  generate: (request) => {
    const last = request.messages.at(-1);
    return Promise.resolve(
      answer(`answer to ${typeof last?.content === 'string' ? last.content : '?'}`),
    );
  },
  stream: (request) =>
    model
      .generate(request)
      .then((result) => ChatStream.fromResult(result, { provider: 'echo', modelId: 'echo-1' })),
};

if (input.mode === 'turns') {
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  let retriedTurns = 0;
  for (let turn = 0; turn < input.turns; turn++) {
    const id = `${input.prefix}-${turn % input.conversations}`;
    const text = `w${input.worker}-t${turn}`;
    for (;;) {
      try {
        await new Conversation({ model, store: counting, id, maxAppendAttempts: 20 }).send(text);
        break;
      } catch (error) {
        if (!ConversationConflictError.isInstance(error)) throw error;
        retriedTurns++;
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ worker: input.worker, conflicts, retriedTurns })}\n`);
  await store.close();
  process.stdin.destroy();
} else {
  const padding = 'x'.repeat(200_000);
  for (let appended = 0; ; appended++) {
    const id = `${input.prefix}-${appended % input.conversations}`;
    const version = (await store.loadPage(id, { limit: 1 }))?.info.version ?? 0;
    await store.append(
      id,
      [
        { role: 'user', content: `question ${version + 1} ${padding}` },
        { role: 'assistant', content: `answer ${version + 1} ${padding}` },
      ],
      { expectedVersion: version },
    );
    process.stdout.write(`appended ${appended + 1}\n`);
  }
}

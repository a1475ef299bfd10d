import { ConfigError, lastMessages } from '@org/llm-core';
import type { Command } from '../command.ts';
import { exitCodes } from '../report-error.ts';

/** `llm chat`: an interactive conversation, saved and resumable. */
export const chatCommand: Command = {
  name: 'chat',
  summary: 'an interactive conversation with streaming, saved and resumable',
  usage: 'llm chat [--model id] [--conversation id] [options]',
  description: [
    'Starts a conversation at a prompt: answers stream as they arrive, and every turn is saved',
    '(in SQLite in your data folder: $LLM_DATA_DIR, else ~/.local/share/llm on Linux,',
    '~/Library/Application Support/llm on macOS, %LOCALAPPDATA%\\llm on Windows; or the store',
    'the configuration names; or the file of --store), so --conversation resumes it later.',
    'At the prompt: /model <id> switches the model (OpenAI to Claude and back, the history',
    'goes along), /reset starts afresh, /usage shows tokens and cost, /history the messages,',
    '/exit leaves. Ctrl-C cancels the answer in flight; Ctrl-C twice at the prompt, or',
    'Ctrl-D, leaves. With piped input each line is a message, and the session ends with it.',
  ].join('\n'),
  options: {
    model: {
      type: 'string',
      short: 'm',
      valueName: 'id',
      description: 'the model to start on (default: conversations.model, else the first alias)',
    },
    conversation: {
      type: 'string',
      short: 'c',
      valueName: 'id',
      description: 'resume this saved conversation',
    },
    system: { type: 'string', short: 's', valueName: 'text', description: 'the system prompt' },
    store: {
      type: 'string',
      valueName: 'file',
      description: 'the SQLite file to keep conversations in',
    },
    list: { type: 'boolean', description: 'list the saved conversations, newest last, and exit' },
  },
  examples: [
    'llm chat',
    'llm chat --model anthropic:claude-sonnet-5-5 --system "You are a patient tutor."',
    'llm chat --list',
    'llm chat --conversation 3f2c9a7e-5b1d-4c8e-9f6a-2d7b8c1e0a45',
  ],
  async run(context) {
    const { options, io } = context;
    // The runtime, the SQLite store and the session load only for this command.
    const [{ chosenModel, openRuntime }, { openChatStore }, { runChatSession }] = await Promise.all(
      [
        import('../open-runtime.ts'),
        import('../chat/open-chat-store.ts'),
        import('../chat/chat-session.ts'),
      ],
    );
    await using runtime = await openRuntime(context);
    const chatStore = await openChatStore(
      runtime,
      typeof options.store === 'string' ? options.store : undefined,
      io.env,
      io.cwd,
    );
    try {
      const { store } = chatStore;
      if (options.list === true) {
        const { conversations } = await store.list({ limit: 1000 });
        const sorted = [...conversations].sort(
          (a, b) => a.updatedAt.getTime() - b.updatedAt.getTime(),
        );
        if (sorted.length === 0) context.err.line(`No conversation saved in ${chatStore.where}.`);
        for (const info of sorted) {
          context.out.line(
            `${info.id}  ${info.updatedAt.toISOString()}  ${String(info.version)} turn${info.version === 1 ? '' : 's'}`,
          );
        }
        return exitCodes.ok;
      }
      const id = typeof options.conversation === 'string' ? options.conversation : undefined;
      if (id !== undefined && (await store.load(id)) === undefined) {
        throw new ConfigError(
          `No conversation ${id} in ${chatStore.where}: \`llm chat --list\` lists the saved ones.`,
        );
      }
      const keep = runtime.config.conversations?.lastMessages;
      return await runChatSession({
        context,
        runtime,
        modelId: chosenModel(runtime, options.model),
        conversation: {
          id,
          store,
          system: typeof options.system === 'string' ? options.system : undefined,
          memory: keep === undefined ? undefined : lastMessages(keep),
        },
        where: chatStore.where,
        debug: options.debug === true,
      });
    } finally {
      await chatStore.close();
    }
  },
};

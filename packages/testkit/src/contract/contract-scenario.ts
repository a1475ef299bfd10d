/**
 * What the provider behind a model under contract test must answer. The
 * contract suite asks for a scenario; the harness makes the model (a mock,
 * or an adapter pointed at the fake server scripted accordingly) answer it.
 */
export type ContractScenario =
  | {
      /** A plain text answer, streamed in `chunks` (their concatenation is the text). */
      readonly type: 'text';
      readonly chunks: readonly string[];
      /** Usage the provider reports. */
      readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
    }
  | {
      /** One or more tool calls (several only where the model supports parallel calls). */
      readonly type: 'tool-calls';
      readonly calls: readonly {
        readonly toolCallId: string;
        readonly toolName: string;
        readonly input: Record<string, unknown>;
      }[];
      readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
    }
  | {
      /** Streams `chunks`, then sends nothing more (the connection stays open) until the client aborts. */
      readonly type: 'stall';
      readonly chunks: readonly string[];
    };

/**
 * Something in the request that the model could not honour exactly. Adapters
 * report every such case here instead of silently dropping a setting.
 */
export type ChatWarning =
  | {
      readonly type: 'unsupported-setting';
      /** The request field, e.g. `temperature` or `seed`. */
      readonly setting: string;
      /** What happened to it and why. */
      readonly details?: string | undefined;
    }
  | {
      readonly type: 'unsupported-tool';
      /** Name of the tool that could not be sent. */
      readonly toolName: string;
      /** Why. */
      readonly details?: string | undefined;
    }
  | {
      readonly type: 'other';
      /** What happened. */
      readonly message: string;
    };

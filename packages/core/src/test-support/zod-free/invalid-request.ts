// A request the hand-written check does not accept: zod gives the verdict.
import { validateChatRequest } from '../../index.ts';

await validateChatRequest({ messages: [] }).catch(() => undefined);

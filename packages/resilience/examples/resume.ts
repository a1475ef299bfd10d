import type { ChatModel } from '@org/llm-core';
import { withResilience, type ResilienceChatModel } from '@org/llm-resilience';

/** Long answers that survive a cut connection: the next model finishes what the first began. */
export function resumable(primary: ChatModel, secondary: ChatModel): ResilienceChatModel {
  const model = withResilience([primary, secondary], {
    deadline: { firstContentMs: 30_000, idleMs: 10_000 },
    resumeInterrupted: { maxResumes: 2, mode: 'prompt' },
  });
  model.events.onResume(({ resume, deliveredTextLength }) => {
    console.warn(`stream cut after ${deliveredTextLength} characters; resume #${resume}`);
  });
  return model;
}

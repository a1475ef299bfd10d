import type { ChatStreamPart } from '@org/llm-core';

/**
 * Independent check of the stream invariants, so the contract suite does not
 * trust the implementation it tests. Returns the problems found (empty when
 * the parts are valid).
 */
export function checkStreamParts(parts: readonly ChatStreamPart[]): string[] {
  const problems: string[] = [];
  const open = new Map<string, string>();
  const started = new Set<string>();
  const toolEnded = new Set<string>();
  let finishes = 0;
  parts.forEach((part, index) => {
    const at = `part #${index} (${part.type})`;
    if (finishes > 0) problems.push(`${at} comes after finish`);
    switch (part.type) {
      case 'stream-start':
        if (index !== 0) problems.push(`${at} is not first`);
        break;
      case 'response-metadata':
        break;
      case 'text-start':
      case 'reasoning-start':
        if (started.has(part.id)) problems.push(`${at} reuses id ${part.id}`);
        started.add(part.id);
        open.set(part.id, part.type);
        break;
      case 'text-delta':
      case 'reasoning-delta':
      case 'text-end':
      case 'reasoning-end': {
        const kind = part.type.startsWith('text') ? 'text-start' : 'reasoning-start';
        if (open.get(part.id) !== kind)
          problems.push(`${at} for id ${part.id} is outside its block`);
        if (part.type.endsWith('-end')) open.delete(part.id);
        break;
      }
      case 'tool-call-start':
        if (started.has(part.toolCallId)) problems.push(`${at} reuses id ${part.toolCallId}`);
        started.add(part.toolCallId);
        open.set(part.toolCallId, part.type);
        break;
      case 'tool-call-delta':
      case 'tool-call-end':
        if (open.get(part.toolCallId) !== 'tool-call-start')
          problems.push(`${at} for ${part.toolCallId} is outside its block`);
        if (part.type === 'tool-call-end') {
          open.delete(part.toolCallId);
          toolEnded.add(part.toolCallId);
        }
        break;
      case 'tool-call':
        if (started.has(part.toolCallId) && !toolEnded.has(part.toolCallId))
          problems.push(`${at} before its tool-call-end`);
        toolEnded.delete(part.toolCallId);
        started.add(part.toolCallId);
        break;
      case 'finish':
        finishes++;
        break;
      default:
        part satisfies never;
    }
  });
  if (finishes !== 1) problems.push(`expected exactly one finish part, got ${finishes}`);
  if (parts.at(-1)?.type !== 'finish') problems.push('the last part is not finish');
  for (const [id, kind] of open) problems.push(`block ${id} (${kind}) never closed`);
  for (const id of toolEnded) problems.push(`tool call ${id} ended without a tool-call part`);
  return problems;
}

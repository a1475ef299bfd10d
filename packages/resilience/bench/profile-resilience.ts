// A loop to profile withResilience (defaults) around a model that answers at
// once, so the profile shows the layers' own work:
//   cd packages/resilience && node --conditions=@org/source --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-resilience.ts <generate|stream> [count]
// then open the .cpuprofile in Chrome DevTools (Performance tab) or VS Code.
import { withResilience } from '../src/with-resilience.ts';
import { createInstantChatModel } from './instant-chat-model.ts';

const [mode = 'generate', countText] = process.argv.slice(2);
if (mode !== 'generate' && mode !== 'stream') {
  throw new Error('usage: profile-resilience.ts <generate|stream> [count]');
}
const count = Number(countText ?? (mode === 'generate' ? 300_000 : 20_000));
const model = withResilience(await createInstantChatModel());
const request = { messages: [{ role: 'user' as const, content: 'Say something long.' }] };

const startedAt = performance.now();
const cpuBefore = process.cpuUsage();
for (let index = 0; index < count; index++) {
  if (mode === 'generate') {
    await model.generate(request);
  } else {
    const stream = await model.stream(request);
    for await (const part of stream) if (part.type === 'finish') break;
  }
}
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${mode} × ${count}: ${((cpu.user + cpu.system) / count).toFixed(2)} µs CPU each, ${(performance.now() - startedAt).toFixed(0)} ms\n`,
);

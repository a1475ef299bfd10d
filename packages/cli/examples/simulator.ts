// docs/guides/cli.md, "The simulator in your own tests" and packages/cli/README.md.
import { parseSimulationScript, startSimulator, type SimulatedRequest } from '@org/llm-cli';

/** Starts the simulator in this process, asks it once on the OpenAI wire, and stops it. */
export async function askTheSimulator(): Promise<{ text: string; log: SimulatedRequest[] }> {
  const log: SimulatedRequest[] = [];
  // The same script as a file for `llm simulate --script`, here inline.
  const script = parseSimulationScript(
    { steps: [{ wire: 'openai', text: 'Hello from the simulator.' }], then: 'echo' },
    'inline script',
  );
  await using simulator = await startSimulator(script, {
    onRequest: (request) => log.push(request),
  });
  const response = await fetch(`${simulator.openaiBaseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-simulated' },
    body: JSON.stringify({ model: 'gpt-6-luna', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  const completion = (await response.json()) as { choices: { message: { content: string } }[] };
  return { text: completion.choices[0]!.message.content, log };
}

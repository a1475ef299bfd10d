// CPU profile of one client, to find where it spends its time:
//   node --conditions=@org/source --expose-gc src/profile.ts <client id> <generate|burst|paced> [count]
// Prints the functions with the most self time, and self time by package.
// Client ids are listed in src/clients/*.ts (e.g. openai.llm-openai-http).
import { Session, type Profiler } from 'node:inspector/promises';
import { allClients } from './clients/all-clients.ts';
import { startFakeServer } from './start-fake-server.ts';

const [id, mode = 'burst', countText] = process.argv.slice(2);
const definition = allClients.find((client) => client.id === id);
if (definition === undefined || !['generate', 'burst', 'paced'].includes(mode)) {
  process.stderr.write(
    `usage: profile.ts <client id> <generate|burst|paced> [count]\nclient ids: ${allClients.map((client) => client.id).join(', ')}\n`,
  );
  process.exit(2);
}
const count = Number(countText ?? (mode === 'generate' ? 3000 : mode === 'burst' ? 300 : 64));

function packageOf(url: string): string {
  if (url === '') return '(native/gc)';
  if (url.startsWith('node:')) return 'node';
  // The last node_modules segment names the package (pnpm nests them under .pnpm/).
  const modules = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules !== null) return modules[1]!;
  const workspace = /packages\/([^/]+)\//.exec(url);
  if (workspace !== null) return `@org/${workspace[1]!}`;
  return url;
}

function summarize(profile: Profiler.Profile): void {
  const total = profile.samples?.length ?? 0;
  const byNode = new Map<number, number>();
  for (const sample of profile.samples ?? []) byNode.set(sample, (byNode.get(sample) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = byNode.get(node.id) ?? 0;
    if (hits === 0) continue;
    const frame = node.callFrame;
    const where = frame.url.replace(/^.*\/(node_modules|packages)\//, '');
    const key = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    const name = packageOf(frame.url);
    byPackage.set(name, (byPackage.get(name) ?? 0) + hits);
  }
  const top = (map: Map<string, number>, limit: number): string[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  process.stdout.write(
    [
      `${definition!.label}, ${mode} x ${count}: ${total} samples`,
      '',
      'self time by package:',
      ...top(byPackage, 15),
      '',
      'self time by function:',
      ...top(byFunction, 40),
      '',
    ].join('\n'),
  );
}

const server = await startFakeServer();
try {
  const factory = await definition.load();
  const client = factory(server.origin, mode === 'paced' ? 'paced' : 'burst');
  const run = (): Promise<number> => (mode === 'generate' ? client.generate() : client.stream());
  for (let index = 0; index < Math.min(count, 200); index++) await run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  if (mode === 'paced') await Promise.all(Array.from({ length: count }, run));
  else for (let index = 0; index < count; index++) await run();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  summarize(profile);
} finally {
  await server.stop();
}

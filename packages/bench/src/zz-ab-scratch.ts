// Scratch A/B (not committed): alternating batches of two clients, CPU per unit.
import { allClients } from './clients/all-clients.ts';
import { startFakeServer } from './start-fake-server.ts';
import { loadPayloads } from './payloads.ts';

const [mode = 'burst', roundsText = '12', ...ids] = process.argv.slice(2);
const rounds = Number(roundsText);
const clientIds = ids.length > 0 ? ids : ['openai.llm-openai-http', 'openai.llm-openai-http-resilience'];
const gc = (globalThis as { gc?: () => void }).gc!;
const server = await startFakeServer();
const chunks = loadPayloads().openai.chunkCount;
try {
  const clients = [];
  for (const id of clientIds) {
    const def = allClients.find((c) => c.id === id)!;
    const factory = await def.load();
    clients.push(factory(server.origin, 'burst'));
  }
  const op = async (client: (typeof clients)[number], conc: number, n: number): Promise<void> => {
    let started = 0;
    const worker = async (): Promise<void> => {
      while (started < n) {
        started++;
        if (mode === 'burst') await client.stream();
        else await client.generate();
      }
    };
    await Promise.all(Array.from({ length: conc }, worker));
  };
  const conc = mode === 'gen16' ? 16 : 1;
  const n = mode === 'burst' ? 20 : 200;
  const units = mode === 'burst' ? n * chunks : n;
  for (const c of clients) for (let i = 0; i < 3; i++) await op(c, conc, n);
  const per: number[][] = clients.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? clients.map((_, i) => i) : clients.map((_, i) => i).reverse();
    for (const i of order) {
      gc();
      const before = process.cpuUsage();
      await op(clients[i]!, conc, n);
      const used = process.cpuUsage(before);
      per[i]!.push((used.user + used.system) / units);
    }
  }
  const med = (v: number[]): number => {
    const s = [...v].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)]!;
  };
  const ratios = per[1]!.map((v, r) => v / per[0]![r]!);
  process.stdout.write(
    `${mode}: ${clientIds.map((id, i) => `${id} ${med(per[i]!).toFixed(2)}`).join('  ')}  ratio ${med(ratios).toFixed(3)}\n`,
  );
} finally {
  await server.stop();
}

// Temporary A/B loop (not committed): node --conditions=@org/source --expose-gc src/ab-tmp.ts <idA> <idB> [rounds] [batch] [gc=1]
import { allClients } from './clients/all-clients.ts';
import { startFakeServer } from './start-fake-server.ts';

const [idA, idB, roundsText = '30', batchText = '30', gcText = '1', modeText = 'generate'] = process.argv.slice(2);
const rounds = Number(roundsText);
const batch = Number(batchText);
const useGc = gcText === '1';
const server = await startFakeServer();
const load = async (id: string) => {
  const def = allClients.find((c) => c.id === id)!;
  const factory = await def.load();
  return factory(server.origin, 'burst');
};
const a = await load(idA!);
const b = await load(idB!);
const run = (c: typeof a) => (modeText === 'generate' ? c.generate() : c.stream());
for (let i = 0; i < 300; i++) { await run(a); await run(b); }
const ra: number[] = [];
const rb: number[] = [];
const ratio: number[] = [];
const measure = async (c: typeof a): Promise<number> => {
  if (useGc) (globalThis as { gc?: () => void }).gc?.();
  const start = process.cpuUsage();
  for (let i = 0; i < batch; i++) await run(c);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / batch;
};
for (let r = 0; r < rounds; r++) {
  let x: number, y: number;
  if (r % 2 === 0) { x = await measure(a); y = await measure(b); }
  else { y = await measure(b); x = await measure(a); }
  ra.push(x); rb.push(y); ratio.push(x / y);
}
const med = (v: number[]) => { const s = [...v].sort((p, q) => p - q); return s[Math.floor(s.length / 2)]!; };
console.log(`${idA}: ${med(ra).toFixed(1)} µs  ${idB}: ${med(rb).toFixed(1)} µs  ratio median ${med(ratio).toFixed(3)}`);
await server.close?.();
process.exit(0);

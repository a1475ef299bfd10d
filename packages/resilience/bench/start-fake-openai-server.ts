import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts `fake-openai-server.ts` in a child process, so its CPU (and, under
 * valgrind, its instructions) never count as the client's; resolves with its
 * URL once it listens.
 */
export async function startFakeOpenAIServer(): Promise<{
  url: string;
  stop: () => Promise<void>;
}> {
  const script = new URL('./fake-openai-server.ts', import.meta.url);
  const child = spawn(process.execPath, ['--conditions=@org/source', script.pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`The fake server exited (code ${String(code)}).`));
    });
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

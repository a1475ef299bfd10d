// Runs conversation-worker.ts in child processes for the concurrency and crash tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import type { StoreSpec } from './store-spec.ts';

const workerPath = new URL('./conversation-worker.ts', import.meta.url).pathname;

/** A worker process and its stdout, line by line. */
export interface Worker {
  readonly child: ChildProcess;
  readonly lines: Interface;
  /** Everything the worker wrote to stderr. */
  readonly stderr: () => string;
}

export interface WorkerInput {
  readonly mode: 'turns' | 'crash';
  readonly spec: StoreSpec;
  readonly worker: number;
  readonly prefix: string;
  readonly conversations: number;
  readonly turns: number;
}

export function startWorker(input: WorkerInput): Worker {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@org/source',
      '--disable-warning=ExperimentalWarning',
      workerPath,
      JSON.stringify(input),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, lines: createInterface({ input: child.stdout }), stderr: () => stderr };
}

/** The next stdout line that matches `pattern`; rejects if the worker exits first. */
export function nextLine(worker: Worker, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const onLine = (line: string): void => {
      if (!pattern.test(line)) return;
      worker.lines.off('line', onLine);
      worker.child.off('exit', onExit);
      resolve(line);
    };
    const onExit = (code: number | null): void => {
      reject(
        new Error(
          `The worker exited (code ${String(code)}) before printing ${String(pattern)}:\n${worker.stderr()}`,
        ),
      );
    };
    worker.lines.on('line', onLine);
    worker.child.once('exit', onExit);
  });
}

/** Resolves with the exit code once the worker has exited. */
export function exited(worker: Worker): Promise<number | null> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
    return Promise.resolve(worker.child.exitCode);
  }
  return new Promise((resolve) => {
    worker.child.once('exit', (code) => {
      resolve(code);
    });
  });
}

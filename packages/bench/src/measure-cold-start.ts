import { execFile } from 'node:child_process';

/** The cold-start child's report. */
interface ColdStartReport {
  readonly ms: number;
  readonly cpuMs: number;
  readonly length: number;
}

/** One cold start: wall time and the child's CPU time to the first answer, in milliseconds. */
export interface ColdStart {
  readonly ms: number;
  readonly cpuMs: number;
}

/**
 * Spawns a fresh Node process that imports the client `id`, constructs it
 * and waits for its first non-streamed response; resolves to the
 * milliseconds that took, in wall time and in the child's CPU time
 * (measured inside the child, so Node's own boot, the same for every
 * client, is left out). The child runs without the
 * `@org/source` condition: our packages load from their builds.
 */
export function measureColdStart(id: string, origin: string): Promise<ColdStart> {
  const script = new URL('./cold-start-child.ts', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', script, id, origin],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null) {
          // Node prints an uncaught error's source line first; the error's own line says more.
          const thrown = stderr.split('\n').find((line) => /^\w*Error\b/.test(line));
          reject(new Error(`cold start of ${id} failed: ${thrown ?? error.message}\n${stderr}`));
          return;
        }
        const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as ColdStartReport;
        if (!(report.length > 0)) {
          reject(new Error(`cold start of ${id}: the first response had no text`));
          return;
        }
        resolve({ ms: report.ms, cpuMs: report.cpuMs });
      },
    );
  });
}

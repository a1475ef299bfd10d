/**
 * The `llm` command as a function (`runCli`), and the simulator `llm simulate` runs, for programs
 * that embed them.
 *
 * @module @org/llm-cli
 */

export type { CliIo } from './command.ts';
export { runCli } from './run-cli.ts';
export { exitCodes } from './report-error.ts';
export type {
  SimulationFallback,
  SimulationScript,
  SimulationStep,
} from './simulate/simulation-script.ts';
export { parseSimulationScript } from './simulate/simulation-script.ts';
export type { SimulatedRequest, SimulatorOptions } from './simulate/start-simulator.ts';
export { startSimulator } from './simulate/start-simulator.ts';

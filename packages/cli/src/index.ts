// Public API of @org/llm-cli: the `llm` command as a function, and the simulator it runs.

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

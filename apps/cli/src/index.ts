export { runCli, type RunOptions } from './program';

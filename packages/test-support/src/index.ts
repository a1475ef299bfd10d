// Repository-internal test helpers (private package, never published).

export type { PeersDirStatus } from './peers-dir.ts';
export { peersDir, peersDirStatus } from './peers-dir.ts';
export { freePort, stopChild, waitForOutput } from './servers/child-process.ts';
export type {
  PostgresServer,
  RedisClusterServer,
  RedisServer,
  RunningServer,
  SecureRedisServer,
  Started,
} from './servers/database-servers.ts';
export {
  mustStart,
  startPostgres,
  startRedis,
  startRedisCluster,
  startSecureRedis,
} from './servers/database-servers.ts';
export type { SystemBinary } from './servers/system-binary.ts';
export {
  findBinary,
  inCi,
  notInstalled,
  requireBinaries,
  systemBinary,
} from './servers/system-binary.ts';

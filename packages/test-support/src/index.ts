// Repository-internal test helpers (private package, never published).

export type { PeersDirStatus } from './peers-dir.ts';
export { peersDir, peersDirStatus } from './peers-dir.ts';
export type { SystemBinary } from './system-binary.ts';
export { systemBinary } from './system-binary.ts';

import type { LogCheckpoint } from './log-checkpoint.ts';

/**
 * A copy of every signed checkpoint kept outside the database it protects, where whoever can rewrite
 * the database cannot reach (an append-only directory on another volume, an object store with a
 * retention lock). `audit verify` compares it with `audit.log_checkpoints`. DirectoryWitness is the
 * one shipped; an object store is another implementation of this port.
 */
export interface CheckpointWitness {
  /** Where it keeps the copies, for messages ("directory /var/lib/zaitaku/witness"). */
  readonly description: string;
  append(checkpoint: LogCheckpoint): Promise<void>;
  /** Every checkpoint it holds, in the order written (absent: none). */
  all(): Promise<LogCheckpoint[]>;
  /** The highest sequence it holds (0: none). */
  latestSequence(): Promise<number>;
}

import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EventStoreError } from '../port/errors.ts';
import type { CheckpointWitness } from './checkpoint-witness.ts';
import type { LogCheckpoint } from './log-checkpoint.ts';

/** Where a development machine keeps the witness when AUDIT_WITNESS_DIR is not set (git-ignored). */
export const DEVELOPMENT_WITNESS_DIR = '.data/audit-witness';
export const WITNESS_FILE = 'log-checkpoints.jsonl';

/**
 * The witness as one JSON Lines file, `log-checkpoints.jsonl`, in a directory the operator configures
 * (AUDIT_WITNESS_DIR): one signed checkpoint per line, only ever appended (O_APPEND, fsync'd before the
 * checkpoint counts as witnessed). Make the directory append-only for the worker's user (`chattr +a`,
 * a WORM mount, or a sync to an object store with a retention lock).
 */
export class DirectoryWitness implements CheckpointWitness {
  readonly description: string;
  private readonly file: string;

  constructor(directory: string) {
    this.file = join(resolve(directory), WITNESS_FILE);
    this.description = `witness file ${this.file}`;
  }

  async append(checkpoint: LogCheckpoint): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true });
    const handle = await open(this.file, 'a', 0o640);
    try {
      await appendFile(handle, `${JSON.stringify(checkpoint)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async all(): Promise<LogCheckpoint[]> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw new EventStoreError('INVALID_EXPORT', `${this.description}: ${error.message}`);
    });
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        try {
          const value: unknown = JSON.parse(line);
          if (
            typeof value === 'object' &&
            value !== null &&
            typeof (value as LogCheckpoint).sequence === 'number'
          )
            return value as LogCheckpoint;
        } catch {
          // reported below
        }
        throw new EventStoreError(
          'INVALID_EXPORT',
          `${this.description}, line ${i + 1}: not a signed checkpoint (the file was edited or cut)`,
          { path: this.file, line: i + 1 },
        );
      });
  }

  /** From the file's last line (read from its end): other processes append to the same file. */
  async latestSequence(): Promise<number> {
    const handle = await open(this.file, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (handle === undefined) return 0;
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, TAIL_BYTES);
      const tail = Buffer.alloc(length);
      await handle.read(tail, 0, length, size - length);
      const lines = tail
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      const complete = length === size ? lines : lines.slice(1); // the first may be cut
      const last = complete.at(-1);
      if (last === undefined) return length === size ? 0 : maxSequence(await this.all());
      return (JSON.parse(last) as LogCheckpoint).sequence;
    } catch {
      return maxSequence(await this.all()); // names the broken line
    } finally {
      await handle.close();
    }
  }
}

const TAIL_BYTES = 1 << 20;

function maxSequence(checkpoints: readonly LogCheckpoint[]): number {
  return checkpoints.reduce((max, c) => Math.max(max, c.sequence), 0);
}

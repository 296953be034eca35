import type { KeyObject } from 'node:crypto';
import type { EventStore } from '../port/event-store.ts';
import type { LogCheckpoint } from './log-checkpoint.ts';
import { readHistory } from '../history/history-reader.ts';
import { readLogExport } from './log-export.ts';
import { LogVerifier, type VerificationSummary } from './log-verifier.ts';

export type VerifyProgress = (events: number) => void;

const PROGRESS_EVERY = 10_000;

/** Verifies the live log (its stable prefix) against the recorded checkpoints. */
export async function verifyStoredLog(
  store: EventStore,
  checkpoints: readonly LogCheckpoint[],
  publicKeys: ReadonlyMap<string, KeyObject>,
  onProgress: VerifyProgress = () => {},
): Promise<VerificationSummary> {
  const verifier = new LogVerifier(checkpoints, publicKeys);
  let events = 0;
  for await (const event of readHistory(store, {})) {
    verifier.event(event);
    if (++events % PROGRESS_EVERY === 0) onProgress(events);
  }
  onProgress(events);
  return verifier.finish();
}

/** Verifies an export offline: nothing but the file and the public keys one trusts. */
export async function verifyLogExport(
  path: string,
  publicKeys: ReadonlyMap<string, KeyObject>,
): Promise<VerificationSummary> {
  const checkpoints: LogCheckpoint[] = [];
  let verifier: LogVerifier | undefined;
  for await (const item of readLogExport(path)) {
    if (item.kind === 'checkpoint') checkpoints.push(item.checkpoint);
    else (verifier ??= new LogVerifier(checkpoints, publicKeys)).event(item.event);
  }
  return (verifier ?? new LogVerifier(checkpoints, publicKeys)).finish();
}

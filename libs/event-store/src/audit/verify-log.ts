import type { KeyObject } from 'node:crypto';
import type { EventStore } from '../port/event-store.ts';
import type { AuditFinding } from './audit-finding.ts';
import type { CheckpointWitness } from './checkpoint-witness.ts';
import { hasValidSignature, type LogCheckpoint } from './log-checkpoint.ts';
import type { SignedLeaf } from './log-checkpoint-store.ts';
import { SignedLeafComparer } from './signed-leaf-comparer.ts';
import { reconcileWithWitness } from './witness-reconciliation.ts';
import { readHistory } from '../history/history-reader.ts';
import { readLogExport } from './log-export.ts';
import { LogVerifier, type VerificationSummary } from './log-verifier.ts';

export type VerifyProgress = (events: number) => void;

const PROGRESS_EVERY = 10_000;

export interface StoredLogEvidence {
  readonly onProgress?: VerifyProgress;
  /** Compared with the table; its checkpoints count even where the table lost them. */
  readonly witness?: CheckpointWitness;
  /** The signed tree's stored leaves (PostgresLogCheckpointStore.leaves): locates swaps and deletions. */
  readonly leaves?: (limit: number) => AsyncIterable<SignedLeaf>;
  /** Checks of the stored columns no hash covers (checkStoredColumns for PostgreSQL). */
  readonly storedColumns?: () => Promise<AuditFinding[]>;
}

/**
 * Verifies the live log (its stable prefix) against the recorded checkpoints and whatever other
 * evidence is given. Findings: the witness comparison, then the log's in log order, then the located
 * ones from the signed leaves, then the stored columns.
 */
export async function verifyStoredLog(
  store: EventStore,
  tableCheckpoints: readonly LogCheckpoint[],
  publicKeys: ReadonlyMap<string, KeyObject>,
  evidence: StoredLogEvidence = {},
): Promise<VerificationSummary> {
  const onProgress = evidence.onProgress ?? (() => {});
  const { checkpoints, findings: witnessFindings } =
    evidence.witness === undefined
      ? { checkpoints: [...tableCheckpoints], findings: [] }
      : await reconcileWithWitness(tableCheckpoints, evidence.witness, publicKeys);
  const verifier = new LogVerifier(checkpoints, publicKeys);
  const trustedHeads = checkpoints.filter((c) => {
    const key = publicKeys.get(c.keyId);
    return key !== undefined && hasValidSignature(c, key);
  });
  const leaves = evidence.leaves && new SignedLeafComparer(trustedHeads, evidence.leaves);
  let events = 0;
  for await (const event of readHistory(store, {})) {
    verifier.event(event);
    await leaves?.event(event);
    if (++events % PROGRESS_EVERY === 0) onProgress(events);
  }
  onProgress(events);
  const summary = verifier.finish();
  return {
    ...summary,
    findings: [
      ...witnessFindings,
      ...summary.findings,
      ...((await leaves?.finish()) ?? []),
      ...((await evidence.storedColumns?.()) ?? []),
    ],
  };
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

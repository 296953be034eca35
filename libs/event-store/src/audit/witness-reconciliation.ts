import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../integrity/canonical-json.ts';
import type { AuditFinding } from './audit-finding.ts';
import type { CheckpointWitness } from './checkpoint-witness.ts';
import { hasValidSignature, type LogCheckpoint } from './log-checkpoint.ts';

/**
 * Compares the checkpoints in the database with the witness's copies, sequence by sequence, naming
 * each one only one side holds or the two hold differently. The log is then verified against the
 * union, so a checkpoint deleted from the table still catches the events it signed. Where the copies
 * differ, the one whose signature verifies is used (the witness's when both do).
 */
export async function reconcileWithWitness(
  table: readonly LogCheckpoint[],
  witness: CheckpointWitness,
  publicKeys: ReadonlyMap<string, KeyObject>,
): Promise<{ checkpoints: LogCheckpoint[]; findings: AuditFinding[] }> {
  const findings: AuditFinding[] = [];
  let witnessed: LogCheckpoint[];
  try {
    witnessed = await witness.all();
  } catch (error) {
    findings.push({ kind: 'witness-unreadable', sequence: 0, detail: (error as Error).message });
    return { checkpoints: [...table], findings };
  }
  const inTable = new Map(table.map((c) => [c.sequence, c]));
  const inWitness = new Map<number, LogCheckpoint>();
  for (const copy of witnessed) {
    const earlier = inWitness.get(copy.sequence);
    // Two processes may both copy a checkpoint the witness missed: identical lines are one copy.
    if (earlier !== undefined && canonicalJson(earlier, 'checkpoint') !== canonicalJson(copy, 'checkpoint')) {
      findings.push({
        kind: 'checkpoint-witness-mismatch',
        sequence: copy.sequence,
        detail: `the ${witness.description} holds two different versions of checkpoint ${copy.sequence}`,
      });
    }
    if (earlier === undefined) inWitness.set(copy.sequence, copy);
  }
  const sequences = [...new Set([...inTable.keys(), ...inWitness.keys()])].sort((a, b) => a - b);
  const checkpoints: LogCheckpoint[] = [];
  for (const sequence of sequences) {
    const [stored, copy] = [inTable.get(sequence), inWitness.get(sequence)];
    const at = (c: LogCheckpoint) =>
      `checkpoint ${sequence} (${c.eventCount} events up to position ${c.position}, ${c.recordedAt})`;
    if (copy === undefined) {
      findings.push({
        kind: 'checkpoint-missing-from-witness',
        sequence,
        detail: `${at(stored!)} is in audit.log_checkpoints but not in the ${witness.description}`,
      });
      checkpoints.push(stored!);
    } else if (stored === undefined) {
      findings.push({
        kind: 'checkpoint-missing-from-table',
        sequence,
        detail: `the ${witness.description} holds ${at(copy)}, which audit.log_checkpoints has lost`,
      });
      checkpoints.push(copy);
    } else if (canonicalJson(stored, 'checkpoint') !== canonicalJson(copy, 'checkpoint')) {
      findings.push({
        kind: 'checkpoint-witness-mismatch',
        sequence,
        detail: `audit.log_checkpoints and the ${witness.description} hold different versions of checkpoint ${sequence}`,
      });
      const key = publicKeys.get(copy.keyId);
      checkpoints.push(key !== undefined && hasValidSignature(copy, key) ? copy : stored);
    } else {
      checkpoints.push(stored);
    }
  }
  return { checkpoints, findings };
}

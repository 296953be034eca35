import type pg from 'pg';
import type { AuditFinding } from './audit-finding.ts';

/**
 * The PostgreSQL event store's columns that no hash covers are checked against what they derive from:
 * `category` is the stream id up to its first hyphen (categoryOf), and `global_position` must be one a
 * transaction of this cluster has issued (below the next transaction id << 20); its value and order are
 * covered by the signed Merkle tree. Every other column is hashed (hash-chain.ts). One scan of the table.
 */
export async function checkStoredColumns(pool: pg.Pool): Promise<AuditFinding[]> {
  const { rows } = await pool.query<{
    position: string;
    event_id: string;
    stream_id: string;
    revision: string;
    category: string;
    expected: string;
    future: boolean;
  }>(`
    WITH bound AS (SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::bigint << 20) AS next)
    SELECT global_position::text AS position, event_id::text, stream_id, revision::text, category,
           split_part(stream_id, '-', 1) AS expected, global_position >= bound.next AS future
      FROM event_store.events, bound
     WHERE category IS DISTINCT FROM split_part(stream_id, '-', 1) OR global_position >= bound.next
     ORDER BY global_position`);
  return rows.flatMap((row): AuditFinding[] => {
    const at = {
      streamId: row.stream_id,
      revision: Number(row.revision),
      eventId: row.event_id,
      position: row.position,
    };
    const findings: AuditFinding[] = [];
    if (row.category !== row.expected)
      findings.push({
        kind: 'derived-column-mismatch',
        column: 'category',
        stored: row.category,
        expected: row.expected,
        ...at,
      });
    if (row.future) findings.push({ kind: 'position-out-of-range', ...at });
    return findings;
  });
}

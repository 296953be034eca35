/**
 * What `audit verify` can find, each naming the place: the stream and revision, or the checkpoint.
 * Findings come in log order, so the first one is the first broken link.
 */
export type AuditFinding =
  | {
      /** The event's stored hash does not follow from its content and its predecessor's hash. */
      readonly kind: 'event-altered';
      readonly streamId: string;
      readonly revision: number;
      readonly eventId: string;
      readonly position: string;
    }
  | {
      /** Revisions jump (events deleted) or repeat (an event inserted) within a stream. */
      readonly kind: 'revision-gap';
      readonly streamId: string;
      readonly expectedRevision: number;
      readonly foundRevision: number;
      readonly eventId: string;
      readonly position: string;
    }
  | {
      /** The log up to a signed checkpoint no longer has the count or rolling hash that was signed. */
      readonly kind: 'checkpoint-mismatch';
      readonly sequence: number;
      readonly position: string;
      readonly signedEventCount: number;
      readonly foundEventCount: number;
    }
  | {
      /** A stream the checkpoint saw is gone, or ends earlier, or ends differently. */
      readonly kind: 'stream-removed' | 'stream-truncated' | 'stream-head-changed';
      readonly sequence: number;
      readonly streamId: string;
      readonly signedRevision: number;
      readonly foundRevision: number | null;
    }
  | {
      readonly kind:
        | 'checkpoint-signature-invalid'
        | 'checkpoint-unknown-key'
        | 'checkpoint-chain-broken'
        /** The witness holds a checkpoint the table lost (or the reverse), or the two copies differ. */
        | 'checkpoint-missing-from-table'
        | 'checkpoint-missing-from-witness'
        | 'checkpoint-witness-mismatch'
        | 'witness-unreadable'
        /** audit.log_leaves does not reproduce a signed tree head: the located findings are unavailable. */
        | 'signed-leaves-altered';
      readonly sequence: number;
      readonly detail: string;
    }
  | {
      /**
       * The signed Merkle tree has another event at this position (a swap or move names both events,
       * one finding each), or an event it signed is gone from the position, or an event stands where
       * the tree has none.
       */
      readonly kind: 'leaf-mismatch' | 'signed-event-missing' | 'unsigned-event-inserted';
      readonly position: string;
      readonly leafIndex: number | null;
      readonly signedEventId: string | null;
      readonly foundEventId: string | null;
      readonly streamId: string | null;
      readonly revision: number | null;
    }
  | {
      /** A stored column that derives from another one (category from stream_id) does not. */
      readonly kind: 'derived-column-mismatch';
      readonly column: 'category';
      readonly stored: string;
      readonly expected: string;
      readonly streamId: string;
      readonly revision: number;
      readonly eventId: string;
      readonly position: string;
    }
  | {
      /** A global position no transaction of this cluster has issued yet: it was written by hand. */
      readonly kind: 'position-out-of-range';
      readonly streamId: string;
      readonly revision: number;
      readonly eventId: string;
      readonly position: string;
    };

export function describeFinding(finding: AuditFinding): string {
  switch (finding.kind) {
    case 'event-altered':
      return `改ざん (event altered): ${finding.streamId} revision ${finding.revision} (event ${finding.eventId}, position ${finding.position}) does not match its hash chain`;
    case 'revision-gap':
      return finding.foundRevision > finding.expectedRevision
        ? `削除 (events deleted): ${finding.streamId} revisions ${finding.expectedRevision}–${finding.foundRevision - 1} are missing before event ${finding.eventId}`
        : `挿入 (event inserted): ${finding.streamId} has revision ${finding.foundRevision} again (event ${finding.eventId}, position ${finding.position}); expected ${finding.expectedRevision}`;
    case 'checkpoint-mismatch':
      return `署名済みチェックポイント不一致 (signed checkpoint ${finding.sequence} at position ${finding.position}): ${finding.signedEventCount} events signed, ${finding.foundEventCount} found, rolling hash or tree head differs`;
    case 'stream-removed':
      return `ストリーム削除 (stream removed): ${finding.streamId} ended at revision ${finding.signedRevision} at checkpoint ${finding.sequence}; none of its events remain`;
    case 'stream-truncated':
      return `末尾削除 (stream truncated): ${finding.streamId} ended at revision ${finding.signedRevision} at checkpoint ${finding.sequence}; it now ends at ${finding.foundRevision}`;
    case 'stream-head-changed':
      return `改ざん (stream head changed): ${finding.streamId} revision ${finding.signedRevision} differs from the one signed at checkpoint ${finding.sequence}`;
    case 'leaf-mismatch':
      return finding.signedEventId === finding.foundEventId
        ? `改ざん (event differs from the signed tree): event ${finding.foundEventId} (${finding.streamId} revision ${finding.revision}) at position ${finding.position} is not the one signed as leaf ${finding.leafIndex}`
        : `位置の入れ替え (event moved): position ${finding.position} held event ${finding.signedEventId} when signed (leaf ${finding.leafIndex}); it now holds event ${finding.foundEventId} (${finding.streamId} revision ${finding.revision})`;
    case 'signed-event-missing':
      return `削除 (signed event missing): event ${finding.signedEventId} signed at position ${finding.position} (leaf ${finding.leafIndex}) is no longer there`;
    case 'unsigned-event-inserted':
      return `挿入 (event not in the signed tree): event ${finding.foundEventId} (${finding.streamId} revision ${finding.revision}) at position ${finding.position} was never signed there`;
    case 'derived-column-mismatch':
      return `改ざん (column ${finding.column} altered): event ${finding.eventId} (${finding.streamId} revision ${finding.revision}, position ${finding.position}) has ${finding.column} ${JSON.stringify(finding.stored)}; its stream id gives ${JSON.stringify(finding.expected)}`;
    case 'position-out-of-range':
      return `改ざん (position out of range): event ${finding.eventId} (${finding.streamId} revision ${finding.revision}) has position ${finding.position}, which no transaction has issued yet`;
    case 'checkpoint-signature-invalid':
    case 'checkpoint-unknown-key':
    case 'checkpoint-chain-broken':
    case 'checkpoint-missing-from-table':
    case 'checkpoint-missing-from-witness':
    case 'checkpoint-witness-mismatch':
    case 'witness-unreadable':
    case 'signed-leaves-altered':
      return `チェックポイント ${finding.sequence} (${finding.kind}): ${finding.detail}`;
  }
}

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
      readonly kind: 'checkpoint-signature-invalid' | 'checkpoint-unknown-key' | 'checkpoint-chain-broken';
      readonly sequence: number;
      readonly detail: string;
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
      return `署名済みチェックポイント不一致 (signed checkpoint ${finding.sequence} at position ${finding.position}): ${finding.signedEventCount} events signed, ${finding.foundEventCount} found, rolling hash differs`;
    case 'stream-removed':
      return `ストリーム削除 (stream removed): ${finding.streamId} ended at revision ${finding.signedRevision} at checkpoint ${finding.sequence}; none of its events remain`;
    case 'stream-truncated':
      return `末尾削除 (stream truncated): ${finding.streamId} ended at revision ${finding.signedRevision} at checkpoint ${finding.sequence}; it now ends at ${finding.foundRevision}`;
    case 'stream-head-changed':
      return `改ざん (stream head changed): ${finding.streamId} revision ${finding.signedRevision} differs from the one signed at checkpoint ${finding.sequence}`;
    case 'checkpoint-signature-invalid':
    case 'checkpoint-unknown-key':
    case 'checkpoint-chain-broken':
      return `チェックポイント ${finding.sequence} (${finding.kind}): ${finding.detail}`;
  }
}

import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import {
  describeFinding,
  hasValidSignature,
  isTreeHead,
  loadSigningKey,
  PostgresLogCheckpointStore,
  TAIL_VERIFICATION_MAX_EVENTS,
  verifySinceNewestCheckpoint,
  type EventStore,
  type LogCheckpoint,
} from '#event-store';
import { APP_CONFIG, CLOCK, EVENT_STORE, READ_DATABASE, type Clock, type RuntimeConfig } from '#platform';
import type { AuditVerificationDto, SignedCheckpointDto } from './audit-verification.dto.ts';

/**
 * The console's `audit verify`: a verification of bounded cost from the newest signed checkpoint
 * (verifySinceNewestCheckpoint), trusting the key that signs the checkpoints (AUDIT_SIGNING_KEY_FILE, as
 * the worker and the CLI load it: only its public half is used here).
 */
@Injectable()
export class AuditVerificationService {
  private trustedKeys?: Promise<ReadonlyMap<string, KeyObject>>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async verify(): Promise<AuditVerificationDto> {
    const checkpoints = new PostgresLogCheckpointStore(this.pool);
    const checkpoint = await checkpoints.latest();
    const previous =
      checkpoint === undefined || checkpoint.sequence <= 1
        ? undefined
        : await checkpoints.bySequence(checkpoint.sequence - 1);
    const keys = await this.keys();
    const result = await verifySinceNewestCheckpoint(this.store, { checkpoint, previous }, keys);
    return {
      scope: 'sinceNewestCheckpoint',
      ok: result.findings.length === 0,
      verifiedAt: this.clock.now().toISOString(),
      eventsChecked: result.eventsChecked,
      maxEvents: TAIL_VERIFICATION_MAX_EVENTS,
      checkedUpTo: result.checkedUpTo,
      complete: result.complete,
      findings: result.findings.map((finding) => ({
        kind: finding.kind,
        description: describeFinding(finding),
      })),
      newestCheckpoint: checkpoint === undefined ? null : checkpointDto(checkpoint, keys),
    };
  }

  /** Loaded once; a failed load (no key file yet) is not remembered, so the next call tries again. */
  private keys(): Promise<ReadonlyMap<string, KeyObject>> {
    this.trustedKeys ??= loadSigningKey(
      this.config.audit?.signingKeyFile,
      this.config.audit?.signingKeyRequired ?? false,
    ).then(
      ({ key }) => new Map([[key.keyId, key.publicKey]]),
      (error: unknown) => {
        this.trustedKeys = undefined;
        throw error;
      },
    );
    return this.trustedKeys;
  }
}

function checkpointDto(checkpoint: LogCheckpoint, keys: ReadonlyMap<string, KeyObject>): SignedCheckpointDto {
  const key = keys.get(checkpoint.keyId);
  return {
    sequence: checkpoint.sequence,
    position: checkpoint.position,
    eventCount: checkpoint.eventCount,
    recordedAt: checkpoint.recordedAt,
    keyId: checkpoint.keyId,
    treeRoot: isTreeHead(checkpoint) ? checkpoint.treeRoot : null,
    signature: checkpoint.signature,
    signatureValid: key !== undefined && hasValidSignature(checkpoint, key),
  };
}

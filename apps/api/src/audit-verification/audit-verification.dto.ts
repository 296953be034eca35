import { ApiProperty } from '@nestjs/swagger';

export class AuditFindingDto {
  @ApiProperty({ description: 'The kind of finding (audit-finding.ts)', example: 'event-altered' })
  readonly kind!: string;

  @ApiProperty({
    description: 'What was found and where, in Japanese then English (as `audit verify` prints it)',
    example: '改ざん (event altered): application-2026-0001 revision 3 … does not match its hash chain',
  })
  readonly description!: string;
}

export class SignedCheckpointDto {
  @ApiProperty({ description: 'Place in the chain of checkpoints, from 1', example: 42 })
  readonly sequence!: number;

  @ApiProperty({
    description: 'Global position of the last event signed (decimal string)',
    example: '4194305',
  })
  readonly position!: string;

  @ApiProperty({ description: 'Events of the log up to that position', example: 1200 })
  readonly eventCount!: number;

  @ApiProperty({ description: 'When it was signed (UTC, ISO 8601)', example: '2026-11-30T01:00:00.000Z' })
  readonly recordedAt!: string;

  @ApiProperty({ description: 'SHA-256 of the signer’s public key (hex)' })
  readonly keyId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The signed Merkle tree head (version 2 checkpoints); null on a version 1 checkpoint',
  })
  readonly treeRoot!: string | null;

  @ApiProperty({ description: 'The signature (Ed25519, base64)' })
  readonly signature!: string;

  @ApiProperty({ description: 'True when a trusted key’s signature matches the checkpoint' })
  readonly signatureValid!: boolean;
}

export class AuditVerificationDto {
  @ApiProperty({
    enum: ['sinceNewestCheckpoint'],
    description:
      'What was verified: the newest signed checkpoint (signature, link to the one before, the stream heads ' +
      'it signed) and the hash chains of the events after it, at most `maxEvents` of them. The whole log ' +
      '(rolling hash, Merkle tree, witness) is verified by `npm run cli -- audit verify`.',
  })
  readonly scope!: 'sinceNewestCheckpoint';

  @ApiProperty({ description: 'True when nothing was found' })
  readonly ok!: boolean;

  @ApiProperty({ description: 'When this verification ran (UTC, ISO 8601)' })
  readonly verifiedAt!: string;

  @ApiProperty({ description: 'Events after the checkpoint whose hash chain was checked', example: 12 })
  readonly eventsChecked!: number;

  @ApiProperty({ description: 'The bound on eventsChecked', example: 10000 })
  readonly maxEvents!: number;

  @ApiProperty({ description: 'Position of the last event checked (decimal string)', example: '4194317' })
  readonly checkedUpTo!: string;

  @ApiProperty({
    description: 'False when more events followed the checkpoint than the bound: run the full verification',
  })
  readonly complete!: boolean;

  @ApiProperty({ type: [AuditFindingDto], description: 'In log order: the first is the first broken link' })
  readonly findings!: AuditFindingDto[];

  @ApiProperty({
    type: SignedCheckpointDto,
    nullable: true,
    description:
      'The newest signed checkpoint; null before the first (the events are then checked from the start)',
  })
  readonly newestCheckpoint!: SignedCheckpointDto | null;
}

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Actor } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import { ProjectionPositions, type ReadScope } from '#projections';
import { ApiException } from '../errors/api-exception.ts';

/** How long a query waits for its projection to reach `?afterPosition=`. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/** What a read-model query's 503 means, in its OpenAPI document. */
export const READ_MODEL_QUERY_503 =
  'READ_MODEL_NOT_CAUGHT_UP: ?afterPosition not reached in time; SERVICE_BUSY: every database connection busy (retry after Retry-After)';

/** 503: the read model did not include the caller's write in time (the worker is behind, parked or down). */
export class ReadModelNotCaughtUpException extends ApiException {
  constructor(projections: readonly string[], afterPosition: string, timeoutMs: number) {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      'READ_MODEL_NOT_CAUGHT_UP',
      `the read model (${projections.join(', ')}) has not reached position ${afterPosition} within ${timeoutMs} ms: retry shortly`,
      { projections, afterPosition, timeoutMs },
    );
  }
}

/** 422: a position no event has been written at: waiting longer would not help. */
export class PositionNotWrittenException extends ApiException {
  constructor(afterPosition: string, head: bigint) {
    super(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'POSITION_NOT_WRITTEN',
      `afterPosition ${afterPosition} is beyond the newest event of the log (${head}): pass a position a command answered`,
      { field: 'afterPosition', value: afterPosition, reason: 'beyond the newest event', head: String(head) },
    );
  }
}

/** Waits, before a query, until the named projections include the position the caller's command returned. */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly positions: ProjectionPositions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async reach(projections: readonly string[], afterPosition: string | undefined): Promise<void> {
    if (afterPosition === undefined) return;
    const reached = await this.positions.waitForPosition(
      projections,
      BigInt(afterPosition),
      READ_YOUR_WRITES_TIMEOUT_MS,
    );
    if (reached) return;
    const head = await this.store.headPosition();
    if (BigInt(afterPosition) > head) throw new PositionNotWrittenException(afterPosition, head);
    throw new ReadModelNotCaughtUpException(projections, afterPosition, READ_YOUR_WRITES_TIMEOUT_MS);
  }
}

/**
 * What a caller's lists are narrowed to (the same rule as canAccess): a municipality officer its
 * municipality, an institution itself; a token without its code or id sees nothing.
 */
export function readScopeOf(actor: Actor): ReadScope {
  switch (actor.role) {
    case 'municipality':
      return { municipalityCode: actor.municipalityCode ?? '' };
    case 'institution':
      return { recipientId: actor.institutionId ?? '' };
    default:
      return {};
  }
}

import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import {
  applicationCaseAsOf,
  designationRoundAsOf,
  recipientTimelineAsOf,
  type AsOf,
  type AsOfOutcome,
  type ReplayedUpTo,
  RuleBook,
} from '#workflow';
import { AuditAccessLog, type AsOfAccess, type RequestContext } from '../audit-log/audit-access-log.ts';
import { ApiException } from '../errors/api-exception.ts';
import { parseInstant } from '../history/query-validators.ts';
import { RequestValidationException } from '../validation/request-validation.ts';
import type { AsOfQueryDto } from './as-of-query.dto.ts';

/** What every as-of answer holds: the point asked for, the last event replayed, the state. */
export interface AsOfAnswer<State> {
  readonly asOf: { readonly at?: string; readonly position?: string };
  readonly upTo: ReplayedUpTo;
  readonly state: State;
}

type Resource = AsOfAccess['resource'];

const NAMES: Readonly<Record<Resource, string>> = {
  application: 'application case',
  recipientTimeline: 'recipient timeline',
  designationRound: 'designation round',
  budgetExecution: 'budget execution report',
};

/**
 * As-of states for auditors: replayed from the log up to `?at=` or `?position=` by the workflow's as-of
 * queries (the domain's evolve functions, never read models), each read recorded in the access log
 * before it is answered.
 */
@Injectable()
export class AsOfService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ruleBook: RuleBook,
    private readonly accessLog: AuditAccessLog,
  ) {}

  application(context: RequestContext, applicationId: string, query: AsOfQueryDto) {
    return this.answer(context, 'application', applicationId, query, (asOf) =>
      applicationCaseAsOf(this.store, applicationId, asOf),
    );
  }

  recipientTimeline(context: RequestContext, recipientId: string, programId: string, query: AsOfQueryDto) {
    return this.answer(context, 'recipientTimeline', `${recipientId}/${programId}`, query, async (asOf) => {
      try {
        await this.ruleBook.refresh();
        return await recipientTimelineAsOf(this.store, this.ruleBook.rules, recipientId, programId, asOf);
      } catch (error) {
        // An unknown programme: the catalogue refuses it before any event is read.
        if (error instanceof DomainError) return { kind: 'missing' } as const;
        throw error;
      }
    });
  }

  designationRound(context: RequestContext, fiscalYear: number, query: AsOfQueryDto) {
    return this.answer(context, 'designationRound', String(fiscalYear), query, (asOf) =>
      designationRoundAsOf(this.store, fiscalYear, asOf),
    );
  }

  private async answer<State>(
    context: RequestContext,
    resource: Resource,
    id: string,
    query: AsOfQueryDto,
    replay: (asOf: AsOf) => Promise<AsOfOutcome<State>>,
  ): Promise<AsOfAnswer<State>> {
    const asOf = asOfOf(query);
    const point = {
      ...(query.at ? { at: query.at } : {}),
      ...(query.position ? { position: query.position } : {}),
    };
    const access = { scope: 'asOf', resource, id, ...point } as const;
    const outcome = await replay(asOf);
    const found = outcome.kind === 'found';
    await this.accessLog.record(context, 'AsOfQueried', {
      ...access,
      found,
      ...(found ? { upToPosition: outcome.upTo.position } : {}),
    });
    if (outcome.kind === 'missing') throw notFound(`no such ${NAMES[resource]}: ${id}`);
    if (outcome.kind === 'not-yet') {
      const first = outcome.firstEvent;
      throw notFound(
        `${NAMES[resource]} ${id} did not exist yet as of ${query.at ? `${query.at}` : `position ${query.position}`}: ` +
          `its first event (${first.type}) was recorded at ${first.recordedAt}, position ${first.position}`,
        { firstRecordedAt: first.recordedAt, firstPosition: first.position },
      );
    }
    return { asOf: point, upTo: outcome.upTo, state: outcome.state };
  }
}

function notFound(message: string, details: Record<string, unknown> = {}): ApiException {
  return new ApiException(HttpStatus.NOT_FOUND, 'NOT_FOUND', message, details);
}

/** Exactly one of `at` and `position`, already validated as strings by the DTO. */
function asOfOf(query: AsOfQueryDto): AsOf {
  if (query.at !== undefined && query.position !== undefined) {
    throw new RequestValidationException([
      { field: 'position', value: query.position, reason: 'give either at or position, not both' },
    ]);
  }
  if (query.at !== undefined) return { at: parseInstant(query.at)! };
  if (query.position !== undefined) return { position: BigInt(query.position) };
  throw new RequestValidationException([
    {
      field: 'at',
      value: undefined,
      reason: 'required: give ?at=<ISO 8601 instant> or ?position=<global position>',
    },
  ]);
}

import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '#domain';
import { readHistory, type EventStore, type HistoryFilter, type RecordedEvent } from '#event-store';
import { CLOCK, EVENT_STORE, type Clock } from '#platform';
import { tokyoDate } from '../audit-log/audit-access-log.ts';
import { readHistoryPage, type HistoryPage } from '../history/history-page.ts';

/**
 * The security log lives in the event store, one stream per Tokyo calendar day (`security-2026-04-01`),
 * like the auditor access log: hash-chained and covered by the signed checkpoints, so a refusal cannot
 * be edited or removed without `audit verify` noticing. Never in the stream of the case refused.
 */
export const SECURITY_LOG_CATEGORY = 'security';
export const REQUEST_REFUSED = 'RequestRefused';
/** The actor of a request refused before a token was accepted (401). */
export const ANONYMOUS = 'anonymous';

/** What was refused, to whom, and why: the data of a RequestRefused event. */
export interface Refusal {
  /** FOUR_EYES_VIOLATION, OUT_OF_SCOPE, ROLE_NOT_ALLOWED, READ_ONLY_ROLE, a 401 token code… */
  readonly code: string;
  /** The HTTP status answered (404 for a scope refusal answered as "not found"). */
  readonly status: number;
  /** Method and matched route: `POST /applications/:applicationId/grant`. */
  readonly route: string;
  /** The path requested, without its query. */
  readonly path: string;
  /** The domain command, when a decider refused it (DecideGrant…). */
  readonly command?: string;
  /** The stream the command was for, when known; the path otherwise. */
  readonly target: string;
  readonly municipalityCode?: string;
  readonly institutionId?: string;
  /** The answer's message. */
  readonly message?: string;
  /** The answer was an Idempotency-Key replay of a stored refusal. */
  readonly replayed?: boolean;
  /** When (the injected Clock), ISO 8601 UTC. */
  readonly at: string;
}

/** Which refusals a query or an export is about (besides time and actor). */
export interface SecurityLogFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly actorId?: string;
  /** Any of these codes. */
  readonly codes?: readonly string[];
  /** The domain command (DecideGrant) or the route (`POST /applications/:applicationId/grant`). */
  readonly command?: string;
}

/** Admins and auditors (and system) read the security log; everyone else never sees its events. */
export function mayReadSecurityLog(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'auditor' || actor.role === 'system';
}

@Injectable()
export class SecurityLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Appends one refusal to the day's stream (expected revision any: refusals come concurrently). */
  async record(actor: Actor | undefined, requestId: string, refusal: Omit<Refusal, 'at'>): Promise<void> {
    const now = this.clock.now();
    const data: Refusal = JSON.parse(JSON.stringify({ ...refusal, at: now.toISOString() })) as Refusal;
    await this.store.append(
      `${SECURITY_LOG_CATEGORY}-${tokyoDate(now)}`,
      [
        {
          id: uuidv7(),
          type: REQUEST_REFUSED,
          data,
          metadata: {
            actorId: actor?.id ?? ANONYMOUS,
            actorRole: actor?.role ?? ANONYMOUS,
            correlationId: requestId,
            requestId,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
  }

  /** A page of refusals, oldest first. */
  list(filter: SecurityLogFilter, cursor: string | undefined, limit: number): Promise<HistoryPage> {
    return readHistoryPage(this.store, historyFilterOf(filter), {
      limit,
      ...(cursor === undefined ? {} : { cursor }),
      hidden: (event) => !matches(event, filter),
    });
  }

  /** Every refusal the filter selects, oldest first, read page by page (for an export). */
  async *entries(filter: SecurityLogFilter): AsyncGenerator<RecordedEvent> {
    for await (const event of readHistory(this.store, historyFilterOf(filter))) {
      if (matches(event, filter)) yield event;
    }
  }
}

function historyFilterOf(filter: SecurityLogFilter): HistoryFilter {
  const { from, to, actorId } = filter;
  return {
    category: SECURITY_LOG_CATEGORY,
    eventTypes: [REQUEST_REFUSED],
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(actorId === undefined ? {} : { actorId }),
  };
}

function matches(event: RecordedEvent, filter: SecurityLogFilter): boolean {
  const refusal = event.data as Refusal;
  const { codes, command } = filter;
  return (
    (codes === undefined || codes.length === 0 || codes.includes(refusal.code)) &&
    (command === undefined || refusal.command === command || refusal.route === command)
  );
}

import { NotFoundError } from '#workflow';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '#domain';
import { CLOCK, refusedCommandOf, type Clock } from '#platform';
import { ResourceNotFoundException } from '../auth/access-scope.ts';
import type { ErrorResponse } from '../errors/error-response.ts';
import { REPLAYED_HEADER } from '../idempotency/idempotency.interceptor.ts';
import { ANONYMOUS, SecurityLog, type Refusal } from './security-log.ts';

/** Refusals of requests without an accepted token recorded per minute (each is still logged). */
export const ANONYMOUS_REFUSALS_PER_MINUTE = 60;

export interface RefusedRequest {
  readonly method: string;
  readonly originalUrl: string;
  readonly actor?: Actor;
  /** Express: the route that matched. */
  readonly route?: { readonly path?: unknown };
}
export interface RefusedResponse {
  getHeader(name: string): unknown;
}

/**
 * Which error answers are refusals, and their code: every 401 and 403 (the body's `error`), and a 404
 * that hides a resource outside the caller's scope (OUT_OF_SCOPE; the answer stays the same 404).
 */
export function refusalCodeOf(error: unknown, answer: ErrorResponse): string | undefined {
  if (answer.status === 401 || answer.status === 403) {
    const code = (answer.body as { error?: unknown } | null)?.error;
    return typeof code === 'string' ? code : `HTTP_${answer.status}`;
  }
  if ((error instanceof ResourceNotFoundException || error instanceof NotFoundError) && error.outOfScope)
    return 'OUT_OF_SCOPE';
  return undefined;
}

/**
 * Sees every error answer (the errors' hook): records each refusal in the security log and logs a
 * warning line for it. A refusal the log cannot take is logged as an error; the answer stays as it is.
 * Requests without an accepted token are recorded up to ANONYMOUS_REFUSALS_PER_MINUTE, so that nobody
 * can fill the event store without a token (the rest are logged, and counted).
 */
@Injectable()
export class RefusalRecorder {
  private readonly logger = new Logger('SecurityLog');
  private window = { minute: -1, recorded: 0, skipped: 0 };

  constructor(
    private readonly log: SecurityLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async observe(
    request: RefusedRequest,
    response: RefusedResponse,
    requestId: string,
    error: unknown,
    answer: ErrorResponse,
  ): Promise<void> {
    const code = refusalCodeOf(error, answer);
    if (code === undefined) return;
    const refusal = refusalOf(request, response, code, error, answer);
    const { actor } = request;
    this.logger.warn(
      `refused ${code} (${answer.status}) ${refusal.route}${refusal.command ? ` ${refusal.command}` : ''} ` +
        `target=${refusal.target} actor=${actor?.id ?? ANONYMOUS} role=${actor?.role ?? ANONYMOUS}` +
        `${actor?.municipalityCode ? ` municipality=${actor.municipalityCode}` : ''}` +
        `${actor?.institutionId ? ` institution=${actor.institutionId}` : ''} request=${requestId}`,
    );
    if (actor === undefined && !this.anonymousAllowed()) return;
    try {
      await this.log.record(actor, requestId, refusal);
    } catch (failure) {
      this.logger.error(
        `could not record refusal ${code} of request ${requestId} in the security log: ${String(failure)}`,
      );
    }
  }

  private anonymousAllowed(): boolean {
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    if (minute !== this.window.minute) {
      if (this.window.skipped > 0) {
        this.logger.warn(
          `${this.window.skipped} refusals without an accepted token were logged but not recorded ` +
            `(more than ${ANONYMOUS_REFUSALS_PER_MINUTE} in a minute)`,
        );
      }
      this.window = { minute, recorded: 0, skipped: 0 };
    }
    if (this.window.recorded >= ANONYMOUS_REFUSALS_PER_MINUTE) {
      this.window.skipped++;
      return false;
    }
    this.window.recorded++;
    return true;
  }
}

function refusalOf(
  request: RefusedRequest,
  response: RefusedResponse,
  code: string,
  error: unknown,
  answer: ErrorResponse,
): Omit<Refusal, 'at'> {
  const path = request.originalUrl.split('?')[0] ?? request.originalUrl;
  const routePath = typeof request.route?.path === 'string' ? request.route.path : path;
  const refused = refusedCommandOf(error);
  const message = (answer.body as { message?: unknown } | null)?.message;
  const { actor } = request;
  return {
    code,
    status: answer.status,
    route: `${request.method} ${routePath}`,
    path,
    ...(refused === undefined ? {} : { command: refused.command }),
    target: refused?.streamId ?? path,
    ...(actor?.municipalityCode === undefined ? {} : { municipalityCode: actor.municipalityCode }),
    ...(actor?.institutionId === undefined ? {} : { institutionId: actor.institutionId }),
    ...(typeof message === 'string' ? { message: message.slice(0, 1000) } : {}),
    ...(response.getHeader(REPLAYED_HEADER) === 'true' ? { replayed: true } : {}),
  };
}

import {
  HttpException,
  HttpStatus,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/access.decorators.ts';
import { ApiException } from '../errors/api-exception.ts';
import { errorResponseOf } from '../errors/error-response.ts';
import { IdempotencyStore, keyOwnerOf, requestHash } from './idempotency.store.ts';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Printable ASCII without spaces, as in the IETF draft's examples (UUIDs, ULIDs, random strings). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface HttpRequest extends AuthenticatedRequest {
  readonly method: string;
  readonly originalUrl: string;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}
interface HttpResponse {
  statusCode: number;
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/**
 * Global, for authenticated POST routes sent with an Idempotency-Key header, bound to the token's whole
 * principal (sub, role, municipalityCode, institutionId): a token with the same sub but another role or
 * scope has keys of its own, and runs its request as if it sent no key. An interceptor runs after the
 * guards, so a replay passes the same authentication and role checks as the first request; the scope
 * checks inside the handler are the principal's own, which the binding keeps the same.
 * the first request runs and its answer is kept (2xx and 4xx alike: validation and domain refusals are
 * answers too); a retry gets that answer again with `Idempotent-Replayed: true`. The same key with
 * another method, path or body → 422; while the first is still running → 409. A 5xx or an unexpected
 * error forgets the key, so the retry runs again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const key = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
    if (request.method !== 'POST' || key === undefined || request.actor === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ApiException(
        HttpStatus.BAD_REQUEST,
        'INVALID_IDEMPOTENCY_KEY',
        `${IDEMPOTENCY_KEY_HEADER} must be sent once, 1–255 printable ASCII characters without spaces (e.g. a UUID)`,
      );
    }
    const response = http.getResponse<HttpResponse>();
    const principal = keyOwnerOf(request.actor);
    const { method, originalUrl: path } = request;
    const hash = requestHash(method, path, request.body);

    return from(this.store.claim(principal, key, hash, method, path)).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'different-request':
            throw new ApiException(
              HttpStatus.UNPROCESSABLE_ENTITY,
              'IDEMPOTENCY_KEY_REUSED',
              `${IDEMPOTENCY_KEY_HEADER} "${key}" was first used for a different request (method, path or body): use a new key for a new request`,
              { idempotencyKey: key },
            );
          case 'in-flight':
            throw new ApiException(
              HttpStatus.CONFLICT,
              'IDEMPOTENT_REQUEST_IN_PROGRESS',
              `the request with ${IDEMPOTENCY_KEY_HEADER} "${key}" is still being processed: retry once it has answered`,
              { idempotencyKey: key },
            );
          case 'completed':
            response.setHeader(REPLAYED_HEADER, 'true');
            if (claim.status >= 400) throw new HttpException(claim.body as object, claim.status);
            response.status(claim.status);
            return of(claim.body);
          case 'claimed':
            return next.handle().pipe(
              mergeMap(async (body: unknown) => {
                await this.store.complete(principal, key, response.statusCode, body);
                return body;
              }),
              catchError(async (error: unknown) => {
                const answer = errorResponseOf(error);
                if (answer !== undefined && answer.status < 500) {
                  await this.store.complete(principal, key, answer.status, answer.body);
                } else {
                  await this.store.release(principal, key);
                }
                throw error;
              }),
            );
        }
      }),
    );
  }
}

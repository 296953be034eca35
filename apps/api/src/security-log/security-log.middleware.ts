import { Injectable, type NestMiddleware } from '@nestjs/common';
import { requestIdOf } from '../audit-log/request-context.ts';
import { ERROR_ANSWER_OBSERVER, type ObservedRequest } from '../errors/error-answer-observer.ts';
import { RefusalRecorder, type RefusedRequest, type RefusedResponse } from './refusal-recorder.ts';

type Request = RefusedRequest &
  ObservedRequest & { readonly headers: Readonly<Record<string, string | string[] | undefined>> };
type Response = RefusedResponse & { setHeader(name: string, value: string): unknown };

/**
 * Before any guard: gives the request its id (X-Request-Id, echoed on every answer) and puts the
 * refusal recorder on it as the observer of its error answer, should it get one.
 */
@Injectable()
export class SecurityLogMiddleware implements NestMiddleware<Request, Response> {
  constructor(private readonly recorder: RefusalRecorder) {}

  use(request: Request, response: Response, next: () => void): void {
    const requestId = requestIdOf(request, response);
    request[ERROR_ANSWER_OBSERVER] = (error, answer) =>
      this.recorder.observe(request, response, requestId, error, answer);
    next();
  }
}

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { AuthenticatedRequest } from '../auth/access.decorators.ts';
import type { RequestContext } from './audit-access-log.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A caller's own request id is kept when it is printable ASCII (a proxy's id, a UUID…). */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
const ASSIGNED = Symbol('zaitaku:requestId');

interface HttpRequest extends AuthenticatedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  [ASSIGNED]?: string;
}
interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

/**
 * The request's id: the caller's `X-Request-Id`, or a new UUID v7, chosen once per request (the first
 * call, from the security log's middleware before any guard runs) and echoed in the response's
 * `X-Request-Id`, so that an access record or a security log entry can be matched to the request.
 */
export function requestIdOf(request: HttpRequest, response: HttpResponse): string {
  const assigned = request[ASSIGNED];
  if (assigned !== undefined) return assigned;
  const given = request.headers[REQUEST_ID_HEADER.toLowerCase()];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : uuidv7();
  request[ASSIGNED] = requestId;
  response.setHeader(REQUEST_ID_HEADER, requestId);
  return requestId;
}

/** The authenticated actor and the request id (requestIdOf). */
export const CurrentRequest = createParamDecorator(
  (_: unknown, context: ExecutionContext): RequestContext => {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    if (request.actor === undefined)
      throw new Error('@CurrentRequest() used on a route without authentication');
    return { actor: request.actor, requestId: requestIdOf(request, http.getResponse<HttpResponse>()) };
  },
);

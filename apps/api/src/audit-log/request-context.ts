import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { AuthenticatedRequest } from '../auth/access.decorators.ts';
import type { RequestContext } from './audit-access-log.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A caller's own request id is kept when it is printable ASCII (a proxy's id, a UUID…). */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

interface HttpRequest extends AuthenticatedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * The authenticated actor and the request id (the caller's `X-Request-Id`, or a new UUID v7), which is
 * echoed in the response's `X-Request-Id` so an access record can be matched to the request.
 */
export const CurrentRequest = createParamDecorator(
  (_: unknown, context: ExecutionContext): RequestContext => {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    if (request.actor === undefined)
      throw new Error('@CurrentRequest() used on a route without authentication');
    const given = request.headers[REQUEST_ID_HEADER.toLowerCase()];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : uuidv7();
    http
      .getResponse<{ setHeader(name: string, value: string): unknown }>()
      .setHeader(REQUEST_ID_HEADER, requestId);
    return { actor: request.actor, requestId };
  },
);

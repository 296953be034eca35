import type { ArgumentsHost } from '@nestjs/common';
import type { ErrorResponse } from './error-response.ts';
import { ERROR_ANSWER_OBSERVER, type ObservedRequest } from './error-answer-observer.ts';

interface HttpResponse {
  readonly headersSent?: boolean;
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
  end(): void;
}

/**
 * What the exception filters write: a status and a JSON body (or, as Nest does, only the end of a
 * response whose headers went out already), after the request's error observer (the security log) has
 * seen it with the error it answers.
 */
export function sendErrorResponse(
  host: ArgumentsHost,
  response: ErrorResponse,
  error?: unknown,
): void | Promise<void> {
  const http = host.switchToHttp();
  const send = (): void => {
    const out = http.getResponse<HttpResponse>();
    if (out.headersSent === true) out.end();
    else {
      for (const [name, value] of Object.entries(response.headers ?? {})) out.setHeader(name, value);
      out.status(response.status).json(response.body);
    }
  };
  const observe = (http.getRequest?.() as ObservedRequest | undefined)?.[ERROR_ANSWER_OBSERVER];
  if (observe === undefined) return send();
  return observe(error, response).then(send, send);
}

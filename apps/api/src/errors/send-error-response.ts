import type { ArgumentsHost } from '@nestjs/common';

interface HttpResponse {
  readonly headersSent: boolean;
  status(code: number): { json(body: unknown): void };
  end(): void;
}

/**
 * What the exception filter writes: a status and a JSON body. Once a streamed answer has begun there
 * is no status left to change: the response is ended (as Nest's own filter does).
 */
export function sendErrorResponse(host: ArgumentsHost, response: { status: number; body: unknown }): void {
  const http = host.switchToHttp().getResponse<HttpResponse>();
  if (http.headersSent) {
    http.end();
    return;
  }
  http.status(response.status).json(response.body);
}

import type { ArgumentsHost } from '@nestjs/common';

/** What the exception filters write: a status and a JSON body. */
export function sendErrorResponse(host: ArgumentsHost, response: { status: number; body: unknown }): void {
  host
    .switchToHttp()
    .getResponse<{ status(code: number): { json(body: unknown): void } }>()
    .status(response.status)
    .json(response.body);
}

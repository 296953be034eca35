import { HttpException, type HttpStatus } from '@nestjs/common';

/**
 * The body of every error the api itself raises: a stable, machine-readable `error` code, a message a
 * person can act on, and whatever fields that code documents (e.g. `errors`, `requiredRoles`).
 */
export interface ApiErrorBody {
  readonly error: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** An HttpException whose response is an ApiErrorBody, so Nest's own filter sends it as it is. */
export class ApiException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super({ error: code, message, ...details } satisfies ApiErrorBody, status);
  }
}

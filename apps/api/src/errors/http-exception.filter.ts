import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { errorResponseOf } from './error-response.ts';
import { sendErrorResponse } from './send-error-response.ts';

/**
 * HttpExceptions (the guards' 401 and 403, validation, 404…) answered as Nest's own filter would
 * (errorResponseOf), but through sendErrorResponse, so that they pass the same hook as every other
 * error answer.
 */
@Catch(HttpException)
export class HttpExceptionFilter implements ExceptionFilter<HttpException> {
  catch(error: HttpException, host: ArgumentsHost): void | Promise<void> {
    return sendErrorResponse(host, errorResponseOf(error)!, error);
  }
}

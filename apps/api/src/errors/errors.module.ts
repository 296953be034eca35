import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiExceptionFilter } from './api-exception.filter.ts';

/**
 * The one global filter: every error, wherever it is thrown (a handler, a guard, a middleware, the body
 * parser, an unknown route), answers in the documented shape `{ error, message, ...details }`.
 */
@Module({ providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }] })
export class ErrorsModule {}

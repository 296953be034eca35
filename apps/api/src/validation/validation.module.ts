import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { createValidationPipe } from './request-validation.ts';

/** The global validation pipe (request-validation.ts). */
@Module({ providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }] })
export class ValidationModule {}

import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor.ts';
import { IdempotencyStore } from './idempotency.store.ts';

/** Idempotency-Key for every authenticated POST route; needs InfrastructureModule (READ_DATABASE) and ProjectionsModule (which migrates its table). */
@Module({
  providers: [IdempotencyStore, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}

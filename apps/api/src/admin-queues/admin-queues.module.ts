import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { AuthModule } from '../auth/auth.module.ts';
import { TokenVerifier } from '../auth/token-verifier.ts';
import { adminOnly } from './admin-only.middleware.ts';
import { JobQueue } from './job-queue.provider.ts';

export const ADMIN_QUEUES_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues: the job queue with its failed runs, for admins only. It is an Express
 * router outside Nest's guards, so it gets its own check of the token (the Bearer header or the console's
 * session cookie, verified as the guard does) and role.
 */
@Module({ imports: [AuthModule], providers: [JobQueue], exports: [JobQueue] })
export class AdminQueuesModule implements NestModule {
  constructor(
    private readonly jobs: JobQueue,
    private readonly verifier: TokenVerifier,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
    createBullBoard({ queues: [new BullMQAdapter(this.jobs.queue, { readOnlyMode: false })], serverAdapter });
    consumer.apply(adminOnly(this.verifier), serverAdapter.getRouter()).forRoutes(ADMIN_QUEUES_PATH);
  }
}

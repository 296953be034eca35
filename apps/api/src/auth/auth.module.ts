import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthenticationGuard } from './authentication.guard.ts';
import { AuthorizationGuard } from './authorization.guard.ts';
import { SessionController } from './session.controller.ts';

/**
 * Global guards, in this order: who is calling (Bearer JWT or the console's session cookie → Actor),
 * then may they (auditor read-only, @Roles). The console's session routes. Needs InfrastructureModule
 * (APP_CONFIG, for JWT_SECRET).
 */
@Module({
  controllers: [SessionController],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
})
export class AuthModule {}

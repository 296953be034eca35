import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthenticationGuard } from './authentication.guard.ts';
import { AuthorizationGuard } from './authorization.guard.ts';

/**
 * Global guards, in this order: who is calling (Bearer JWT → Actor), then may they (auditor read-only,
 * @Roles). Needs InfrastructureModule (APP_CONFIG, for JWT_SECRET).
 */
@Module({
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
})
export class AuthModule {}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthenticationGuard } from './authentication.guard.ts';
import { AuthorizationGuard } from './authorization.guard.ts';
import { OidcIssuer } from './oidc-issuer.ts';
import { SessionController } from './session.controller.ts';
import { TokenVerifier } from './token-verifier.ts';

/**
 * Global guards, in this order: who is calling (Bearer JWT or the console's session cookie → Actor),
 * then may they (auditor read-only, @Roles). The console's session routes. Needs InfrastructureModule
 * (APP_CONFIG, for JWT_SECRET and OIDC_*). Exports the TokenVerifier (/admin/queues uses it).
 */
@Module({
  controllers: [SessionController],
  providers: [
    OidcIssuer,
    TokenVerifier,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}

import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { ROLES, type Actor, type Role } from '#domain';
import { APP_CONFIG, type RuntimeConfig } from '#platform';
import { ApiException } from '../errors/api-exception.ts';
import { actorFromClaims, AuthenticationError, signAccessToken } from './access-token.ts';
import { CurrentActor, Public, Roles } from './access.decorators.ts';
import { serializeCookie, SESSION_COOKIE, XSRF_COOKIE } from './session-cookie.ts';

/** How long a console session lasts: a working day. */
export const SESSION_TTL_SECONDS = 8 * 3600;

export class DevelopmentSignInDto {
  @ApiProperty({ enum: ROLES, example: 'caseworker', description: 'The role to act in' })
  @IsIn(ROLES as Role[], { message: `role must be one of ${ROLES.join(', ')}` })
  readonly role!: Role;

  @ApiProperty({ example: 'alice', description: 'A pseudonymous staff id: the session’s `sub`' })
  @IsString()
  @Length(1, 64)
  @Matches(/^\S(.*\S)?$/, { message: 'name must not start or end with a space' })
  readonly name!: string;

  @ApiPropertyOptional({ example: '131016', description: 'Role municipality: its 6-digit code' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be 6 digits' })
  readonly municipalityCode?: string;

  @ApiPropertyOptional({ example: 'inst-001', description: 'Role institution: its id' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  readonly institutionId?: string;
}

export class SessionDto {
  @ApiProperty({ example: 'alice' }) readonly id!: string;
  @ApiProperty({ enum: ROLES }) readonly role!: Role;
  @ApiPropertyOptional({ example: '131016' }) readonly municipalityCode?: string;
  @ApiPropertyOptional({ example: 'inst-001' }) readonly institutionId?: string;
}

interface CookieResponse {
  setHeader(name: string, value: string | string[]): unknown;
}
interface SecureRequest {
  readonly secure: boolean;
}

/**
 * The console's session (README, "Console"). In development and the sandbox one signs in by choosing a
 * role and a name (signed with the configured secret); with NODE_ENV=production this is refused and
 * the console will sign in against the identity provider (OpenID Connect, a later change).
 */
@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(@Inject(APP_CONFIG) private readonly config: RuntimeConfig) {}

  @Post('development')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Development sign-in: sets the httpOnly session cookie and the XSRF-TOKEN cookie (refused in production)',
  })
  @ApiOkResponse({ type: SessionDto, description: 'Signed in: Set-Cookie zaitaku_session and XSRF-TOKEN' })
  @ApiForbiddenResponse({ description: 'DEVELOPMENT_SIGN_IN_DISABLED: NODE_ENV=production' })
  async signIn(
    @Body() body: DevelopmentSignInDto,
    @Req() request: SecureRequest,
    @Res({ passthrough: true }) response: CookieResponse,
  ): Promise<SessionDto> {
    if (this.config.production) {
      throw new ApiException(
        HttpStatus.FORBIDDEN,
        'DEVELOPMENT_SIGN_IN_DISABLED',
        'the development sign-in is not available with NODE_ENV=production',
      );
    }
    const claims = {
      sub: body.name,
      role: body.role,
      ...(body.role === 'municipality' ? { municipalityCode: body.municipalityCode } : {}),
      ...(body.role === 'institution' ? { institutionId: body.institutionId } : {}),
    };
    let actor: Actor;
    try {
      actor = actorFromClaims(claims); // the api's own rules: a valid check digit, an institution id
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      throw new ApiException(HttpStatus.BAD_REQUEST, 'INVALID_SESSION_CLAIMS', error.message);
    }
    const token = await signAccessToken(
      {
        sub: actor.id,
        role: actor.role,
        ...(actor.municipalityCode !== undefined ? { municipalityCode: actor.municipalityCode } : {}),
        ...(actor.institutionId !== undefined ? { institutionId: actor.institutionId } : {}),
      },
      this.config.jwt.secret,
      SESSION_TTL_SECONDS,
    );
    const options = { secure: request.secure, maxAgeSeconds: SESSION_TTL_SECONDS };
    response.setHeader('Set-Cookie', [
      serializeCookie(SESSION_COOKIE, token, { ...options, httpOnly: true }),
      serializeCookie(XSRF_COOKIE, randomBytes(32).toString('base64url'), { ...options, httpOnly: false }),
    ]);
    return sessionOf(actor);
  }

  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Who the session (or the Bearer token) is' })
  @ApiOkResponse({ type: SessionDto })
  whoAmI(@CurrentActor() actor: Actor): SessionDto {
    return sessionOf(actor);
  }

  @Post('sign-out')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Clears the session cookies' })
  @ApiNoContentResponse({ description: 'Signed out' })
  signOut(@Req() request: SecureRequest, @Res({ passthrough: true }) response: CookieResponse): void {
    const cleared = { secure: request.secure, maxAgeSeconds: 0 };
    response.setHeader('Set-Cookie', [
      serializeCookie(SESSION_COOKIE, '', { ...cleared, httpOnly: true }),
      serializeCookie(XSRF_COOKIE, '', { ...cleared, httpOnly: false }),
    ]);
  }
}

function sessionOf(actor: Actor): SessionDto {
  return {
    id: actor.id,
    role: actor.role,
    ...(actor.municipalityCode !== undefined ? { municipalityCode: actor.municipalityCode } : {}),
    ...(actor.institutionId !== undefined ? { institutionId: actor.institutionId } : {}),
  };
}

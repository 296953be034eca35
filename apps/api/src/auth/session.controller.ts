import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Logger,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { jwtVerify, SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { ROLES, type Actor, type Role } from '#domain';
import { APP_CONFIG, type RuntimeConfig } from '#platform';
import { ApiException } from '../errors/api-exception.ts';
import { actorFromClaims, AuthenticationError, signAccessToken, tokenKey } from './access-token.ts';
import { CurrentActor, Public, Roles } from './access.decorators.ts';
import { OidcIssuer, type OidcFlow } from './oidc-issuer.ts';
import { parseCookies, serializeCookie, SESSION_COOKIE, XSRF_COOKIE } from './session-cookie.ts';

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

export class SessionOptionsDto {
  @ApiProperty({ description: 'POST /session/development is available (not with NODE_ENV=production)' })
  readonly development!: boolean;

  @ApiProperty({ description: 'GET /session/oidc/start signs in with the organisation’s account (OIDC_*)' })
  readonly oidc!: boolean;
}

/** The sign-in flow's cookie (state, nonce, PKCE verifier): only sent to /session/oidc, 10 minutes. */
export const OIDC_FLOW_COOKIE = 'zaitaku_oidc';
const OIDC_FLOW_PATH = '/session/oidc';
const OIDC_FLOW_TTL_SECONDS = 600;
const OIDC_FLOW_AUDIENCE = 'zaitaku:oidc-flow';

interface CookieResponse {
  setHeader(name: string, value: string | string[]): unknown;
}
interface RedirectResponse extends CookieResponse {
  redirect(status: number, url: string): void;
}
interface SecureRequest {
  readonly secure: boolean;
}
interface CallbackRequest extends SecureRequest {
  readonly originalUrl: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A path of this console to land on (never another origin: `//host` and `/\\host` are refused). */
function consolePath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && next.length <= 512 ? next : '/';
}

/**
 * The console's session (README, "Console"). In development and the sandbox one signs in by choosing a
 * role and a name (signed with the configured secret); with NODE_ENV=production this is refused. With
 * OIDC_ISSUER_URL set, the console signs in against that issuer: the api does the authorization code
 * flow with PKCE (a backend for the frontend) and sets the same session cookie (docs/console/sign-in.md).
 */
@ApiTags('session')
@Controller('session')
export class SessionController {
  private readonly logger = new Logger('Session');

  constructor(
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
    private readonly issuer: OidcIssuer,
  ) {}

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
    response.setHeader('Set-Cookie', await this.sessionCookies(actor, request.secure));
    return sessionOf(actor);
  }

  @Get('options')
  @Public()
  @ApiOperation({ summary: 'Which sign-ins the console offers here' })
  @ApiOkResponse({ type: SessionOptionsDto })
  options(): SessionOptionsDto {
    return { development: this.config.production !== true, oidc: this.issuer.configured };
  }

  @Get('oidc/start')
  @Public()
  @ApiOperation({
    summary:
      'Sign-in with the organisation’s account: redirects the browser to the OpenID Connect issuer (authorization code flow with PKCE)',
  })
  @ApiFoundResponse({ description: 'To the issuer’s authorization endpoint; sets the flow cookie' })
  @ApiNotFoundResponse({ description: 'OIDC_NOT_CONFIGURED: OIDC_ISSUER_URL is not set' })
  async startOidc(
    @Query('next') next: string | undefined,
    @Req() request: SecureRequest,
    @Res() response: RedirectResponse,
  ): Promise<void> {
    this.assertOidc();
    const { url, flow } = await this.issuer.start(consolePath(next));
    const cookie = await new SignJWT({ ...flow })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(OIDC_FLOW_AUDIENCE)
      .setExpirationTime(`${OIDC_FLOW_TTL_SECONDS}s`)
      .sign(tokenKey(this.config.jwt.secret));
    response.setHeader(
      'Set-Cookie',
      serializeCookie(OIDC_FLOW_COOKIE, cookie, {
        httpOnly: true,
        secure: request.secure,
        maxAgeSeconds: OIDC_FLOW_TTL_SECONDS,
        path: OIDC_FLOW_PATH,
        sameSite: 'Lax', // sent back when the issuer redirects the browser here (a cross-site navigation)
      }),
    );
    response.redirect(HttpStatus.FOUND, url.href);
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({
    summary:
      'Where the issuer sends the browser back: exchanges the code, checks the ID token, sets the session cookie',
  })
  @ApiFoundResponse({
    description:
      'To the console (signed in: Set-Cookie zaitaku_session and XSRF-TOKEN), or to /sign-in?error=<code>',
  })
  @ApiNotFoundResponse({ description: 'OIDC_NOT_CONFIGURED: OIDC_ISSUER_URL is not set' })
  async finishOidc(@Req() request: CallbackRequest, @Res() response: RedirectResponse): Promise<void> {
    this.assertOidc();
    const cleared = serializeCookie(OIDC_FLOW_COOKIE, '', {
      httpOnly: true,
      secure: request.secure,
      maxAgeSeconds: 0,
      path: OIDC_FLOW_PATH,
      sameSite: 'Lax',
    });
    const failed = (code: string): void => {
      response.setHeader('Set-Cookie', cleared);
      response.redirect(HttpStatus.FOUND, `/sign-in?error=${code}`);
    };
    let flow: OidcFlow;
    try {
      const cookie = parseCookies(request.headers.cookie).get(OIDC_FLOW_COOKIE) ?? '';
      const { payload } = await jwtVerify(cookie, tokenKey(this.config.jwt.secret), {
        algorithms: ['HS256'],
        audience: OIDC_FLOW_AUDIENCE,
      });
      flow = payload as unknown as OidcFlow;
    } catch {
      return failed('OIDC_FLOW_EXPIRED');
    }
    const query = request.originalUrl.includes('?')
      ? request.originalUrl.slice(request.originalUrl.indexOf('?'))
      : '';
    let actor: Actor;
    try {
      actor = await this.issuer.finish(query, flow);
    } catch (error) {
      this.logger.warn(`OpenID Connect sign-in refused: ${String(error)}`);
      return failed(error instanceof AuthenticationError ? 'OIDC_CLAIMS_REFUSED' : 'OIDC_SIGN_IN_FAILED');
    }
    response.setHeader('Set-Cookie', [cleared, ...(await this.sessionCookies(actor, request.secure))]);
    response.redirect(HttpStatus.FOUND, consolePath(flow.next));
  }

  private assertOidc(): void {
    if (!this.issuer.configured) {
      throw new ApiException(
        HttpStatus.NOT_FOUND,
        'OIDC_NOT_CONFIGURED',
        'no OpenID Connect issuer is configured (OIDC_ISSUER_URL)',
      );
    }
  }

  /** The session cookie (the api's own HS256 token of the actor, 8 hours) and the XSRF-TOKEN cookie. */
  private async sessionCookies(actor: Actor, secure: boolean): Promise<string[]> {
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
    const options = { secure, maxAgeSeconds: SESSION_TTL_SECONDS };
    return [
      serializeCookie(SESSION_COOKIE, token, { ...options, httpOnly: true }),
      serializeCookie(XSRF_COOKIE, randomBytes(32).toString('base64url'), { ...options, httpOnly: false }),
    ];
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

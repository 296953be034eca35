import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Delete, Get, Param, Post, type INestApplication } from '@nestjs/common';
import { IsString } from 'class-validator';
import request from 'supertest';
import type { Actor } from '#domain';
import { assertCanAccess, type ResourceScope } from '../../apps/api/src/auth/access-scope.ts';
import { CurrentActor, Public, Roles } from '../../apps/api/src/auth/access.decorators.ts';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { appWith, bearer, rawBearer } from './access-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';

const CASES: Readonly<Record<string, ResourceScope & { id: string }>> = {
  'case-chiyoda': { id: 'case-chiyoda', municipalityCode: '131016' },
  'case-chuo-clinic': { id: 'case-chuo-clinic', municipalityCode: '131024', institutionId: 'clinic-7' },
};

class NoteDto {
  @IsString()
  readonly text!: string;
}

@Controller('probe/cases')
@Roles('caseworker', 'approver', 'auditor', 'municipality', 'institution')
class CasesProbeController {
  @Get(':id')
  find(@Param('id') id: string, @CurrentActor() actor: Actor): ResourceScope {
    const found = CASES[id];
    assertCanAccess(actor, found, 'case');
    return found;
  }

  @Post(':id/notes')
  @Roles('caseworker')
  note(@Param('id') id: string, @Body() note: NoteDto, @CurrentActor() actor: Actor): object {
    return { id, note: note.text, by: actor.id, role: actor.role };
  }

  @Delete(':id')
  @Roles('caseworker', 'auditor') // even listed, the auditor never passes a non-GET route
  remove(@Param('id') id: string): object {
    return { removed: id };
  }

  @Get('public/ping')
  @Public()
  ping(): object {
    return { pong: true };
  }
}

@Controller('probe/undeclared')
class UndeclaredProbeController {
  @Get()
  get(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}

const caseworker = { sub: 'staff-0001', role: 'caseworker' } as const;

describe('authentication (AppModule + a test controller, real PostgreSQL)', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await appWith([CasesProbeController, UndeclaredProbeController])));
  afterAll(async () => app?.close());
  const get = (path: string, authorization?: string) => {
    const req = request(app.getHttpServer()).get(path);
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  it('lets a valid token through and gives the controller the domain Actor', async () => {
    const { body } = await get('/probe/undeclared', await bearer({ sub: 'admin-1', role: 'admin' })).expect(
      200,
    );
    expect(body).toEqual({ id: 'admin-1', role: 'admin' });
  });

  it('401 MISSING_TOKEN without an Authorization header, with a Bearer challenge', async () => {
    const response = await get('/probe/cases/case-chiyoda').expect(401);
    expect(response.body).toEqual({
      error: 'MISSING_TOKEN',
      message: expect.stringContaining('Authorization: Bearer'),
    });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="zaitaku"');
  });

  it.each([
    ['another scheme', 'Basic YWxpY2U6c2VjcmV0'],
    ['no token after Bearer', 'Bearer '],
    ['not a JWT', 'Bearer not.a.jwt'],
    ['garbage', 'Bearer abc'],
  ])('401 MALFORMED_TOKEN for %s', async (_, header) => {
    const response = await get('/probe/cases/case-chiyoda', header).expect(401);
    expect(response.body.error).toBe('MALFORMED_TOKEN');
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('401 INVALID_SIGNATURE for a token signed with another key', async () => {
    const forged = await rawBearer({ sub: 'x', role: 'admin' }, 'another-secret-of-at-least-32-characters!!');
    const response = await get('/probe/cases/case-chiyoda', forged).expect(401);
    expect(response.body).toEqual({
      error: 'INVALID_SIGNATURE',
      message: expect.stringContaining('signature'),
    });
  });

  it('401 UNSUPPORTED_ALGORITHM for an unsigned ("alg": "none") token', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none' })}.${part({ sub: 'x', role: 'admin', exp: 4102444800 })}.`;
    const response = await get('/probe/cases/case-chiyoda', `Bearer ${unsigned}`).expect(401);
    expect(response.body.error).toBe('UNSUPPORTED_ALGORITHM');
  });

  it('401 TOKEN_EXPIRED naming when it expired', async () => {
    const expired = await bearer(caseworker, { ttlSeconds: 3600, now: new Date(Date.now() - 2 * 3600_000) });
    const response = await get('/probe/cases/case-chiyoda', expired).expect(401);
    expect(response.body).toEqual({
      error: 'TOKEN_EXPIRED',
      message: expect.stringMatching(/expired at \d{4}-/),
    });
  });

  it('401 UNKNOWN_ROLE naming the role and the known ones', async () => {
    const response = await get(
      '/probe/cases/case-chiyoda',
      await rawBearer({ sub: 'x', role: 'superuser' }),
    ).expect(401);
    expect(response.body.error).toBe('UNKNOWN_ROLE');
    expect(response.body.message).toContain('"superuser" is not a role');
    expect(response.body.message).toContain('caseworker, approver, auditor');
  });

  it.each([
    ['no sub', { role: 'admin' }, /"sub"/],
    ['municipality without its code', { sub: 'm', role: 'municipality' }, /"municipalityCode"/],
    [
      'municipality code with a bad check digit',
      { sub: 'm', role: 'municipality', municipalityCode: '131011' },
      /check digit/,
    ],
    ['institution without its id', { sub: 'i', role: 'institution' }, /"institutionId"/],
  ])('401 INVALID_CLAIMS for %s', async (_, payload, message) => {
    const response = await get('/probe/cases/case-chiyoda', await rawBearer(payload)).expect(401);
    expect(response.body.error).toBe('INVALID_CLAIMS');
    expect(response.body.message).toMatch(message);
  });

  it('401 INVALID_CLAIMS for a token without exp', async () => {
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({ sub: 'x', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(testRuntimeConfig().jwt.secret));
    const response = await get('/probe/cases/case-chiyoda', `Bearer ${token}`).expect(401);
    expect(response.body).toEqual({ error: 'INVALID_CLAIMS', message: expect.stringContaining('"exp"') });
  });

  it('@Public() routes need no token', async () => {
    await get('/probe/cases/public/ping').expect(200, { pong: true });
  });
});

describe('authorization: @Roles, the read-only auditor, scopes', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await appWith([CasesProbeController, UndeclaredProbeController])));
  afterAll(async () => app?.close());
  const server = () => app.getHttpServer();

  it('403 ROLE_NOT_ALLOWED naming the role and the roles required', async () => {
    const response = await request(server())
      .post('/probe/cases/case-chiyoda/notes')
      .set('Authorization', await bearer({ sub: 'ap-1', role: 'approver' }))
      .send({ text: 'x' })
      .expect(403);
    expect(response.body).toEqual({
      error: 'ROLE_NOT_ALLOWED',
      message:
        'role "approver" may not call POST /probe/cases/case-chiyoda/notes: requires caseworker, admin, system',
      role: 'approver',
      requiredRoles: ['caseworker', 'admin', 'system'],
    });
  });

  it('the role listed passes; admin and system always pass', async () => {
    for (const claims of [
      caseworker,
      { sub: 'admin-1', role: 'admin' },
      { sub: 'designation-cycle', role: 'system' },
    ] as const) {
      const response = await request(server())
        .post('/probe/cases/case-chiyoda/notes')
        .set('Authorization', await bearer(claims))
        .send({ text: '補正依頼' })
        .expect(201);
      expect(response.body).toEqual({
        id: 'case-chiyoda',
        note: '補正依頼',
        by: claims.sub,
        role: claims.role,
      });
    }
  });

  it('a route that declares no roles is for admin and system only', async () => {
    const response = await request(server())
      .get('/probe/undeclared')
      .set('Authorization', await bearer(caseworker))
      .expect(403);
    expect(response.body.requiredRoles).toEqual(['admin', 'system']);
  });

  it('403 READ_ONLY_ROLE for any non-GET request by an auditor, even where @Roles lists it', async () => {
    const auditor = await bearer({ sub: 'audit-1', role: 'auditor' });
    const response = await request(server())
      .delete('/probe/cases/case-chiyoda')
      .set('Authorization', auditor)
      .expect(403);
    expect(response.body).toEqual({
      error: 'READ_ONLY_ROLE',
      message:
        'role "auditor" is read-only and may not call DELETE /probe/cases/case-chiyoda: only GET requests are allowed',
      role: 'auditor',
    });
    await request(server())
      .post('/probe/cases/case-chiyoda/notes')
      .set('Authorization', auditor)
      .send({ text: 'x' })
      .expect(403);
    await request(server()).get('/probe/cases/case-chuo-clinic').set('Authorization', auditor).expect(200);
  });

  it('a municipality sees its own cases; another municipality’s is a 404 like a missing one', async () => {
    const chiyoda = await bearer({ sub: 'm-1', role: 'municipality', municipalityCode: '131016' });
    await request(server()).get('/probe/cases/case-chiyoda').set('Authorization', chiyoda).expect(200);
    const other = await request(server())
      .get('/probe/cases/case-chuo-clinic')
      .set('Authorization', chiyoda)
      .expect(404);
    const missing = await request(server())
      .get('/probe/cases/case-nowhere')
      .set('Authorization', chiyoda)
      .expect(404);
    expect(other.body).toEqual({ error: 'NOT_FOUND', message: 'no such case, or not yours to see' });
    expect(missing.body).toEqual(other.body);
  });

  it('an institution sees only its own cases, even within a municipality', async () => {
    const clinic7 = await bearer({ sub: 'i-1', role: 'institution', institutionId: 'clinic-7' });
    const clinic8 = await bearer({ sub: 'i-2', role: 'institution', institutionId: 'clinic-8' });
    await request(server()).get('/probe/cases/case-chuo-clinic').set('Authorization', clinic7).expect(200);
    await request(server()).get('/probe/cases/case-chuo-clinic').set('Authorization', clinic8).expect(404);
    await request(server()).get('/probe/cases/case-chiyoda').set('Authorization', clinic7).expect(404);
  });

  it('prefecture staff see every municipality', async () => {
    await request(server())
      .get('/probe/cases/case-chuo-clinic')
      .set('Authorization', await bearer(caseworker))
      .expect(200);
  });
});

describe('the real app (createApiApp)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApiApp(testRuntimeConfig());
    await app.init();
  });
  afterAll(async () => app?.close());

  it('keeps /health, /docs and /docs-json public, even with a bad token', async () => {
    await request(app.getHttpServer()).get('/health').expect(200);
    await request(app.getHttpServer()).get('/health').set('Authorization', 'Bearer nonsense').expect(200);
    await request(app.getHttpServer()).get('/docs').expect(200);
    const { body } = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Either: the Bearer header, or the console's session cookie (README, "Console").
    expect(body.components.securitySchemes.session).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'zaitaku_session',
    });
    expect(body.security).toEqual([{ bearer: [] }, { session: [] }]);
  });
});

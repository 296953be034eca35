import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { ManualClock } from '#platform';
import { readdirSync, statSync } from 'node:fs';
import request from 'supertest';
import { bearer, appWith } from './access-app.ts';
import { casesApp, municipality, uniqueId } from './cases-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';

const CHIYODA = '131016';
const PEDIATRIC = 'pediatric-home-care';

interface Session {
  /** The Cookie header a browser would send back: the session and the XSRF-TOKEN cookie. */
  readonly cookie: string;
  readonly xsrf: string;
  readonly setCookie: readonly string[];
}

async function signIn(app: INestApplication, body: object): Promise<Session> {
  const response = await request(app.getHttpServer()).post('/session/development').send(body);
  expect(response.status).toBe(200);
  const setCookie = response.headers['set-cookie'] as unknown as string[];
  const pairs = setCookie.map((header) => header.split(';')[0] as string);
  const xsrf = decodeURIComponent(
    (pairs.find((pair) => pair.startsWith('XSRF-TOKEN=')) as string).slice('XSRF-TOKEN='.length),
  );
  return { cookie: pairs.join('; '), xsrf, setCookie };
}

/** The error shape every refusal has (README, "Errors"): a code and a message, nothing else here. */
function expectError(response: request.Response, status: number, error: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual({ error, message: expect.any(String) });
}

describe('the console session: a cookie instead of the Bearer header, CSRF-protected writes', () => {
  let app: INestApplication;
  let clock: ManualClock;
  const fy = 2301 + Math.floor(Math.random() * 100); // years 2301–2400: this spec's own band
  const draft = (id: string) => ({
    applicationId: id,
    programId: PEDIATRIC,
    menuId: PEDIATRIC,
    fiscalYear: fy,
    programYear: 1,
    recipient: { kind: 'municipality', id: `muni-${CHIYODA}`, municipalityCode: CHIYODA },
    plannedExpenditure: 12_000_000,
    otherIncome: 0,
  });

  beforeAll(async () => {
    ({ app, clock } = await casesApp());
    clock.set(`${fy}-04-03T10:00:00+09:00`);
  });
  afterAll(async () => app?.close());

  it('signs in as a chosen role and name: an httpOnly SameSite=Strict session and a readable XSRF-TOKEN', async () => {
    const response = await request(app.getHttpServer())
      .post('/session/development')
      .send({ role: 'municipality', name: 'm-01', municipalityCode: CHIYODA });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: 'm-01', role: 'municipality', municipalityCode: CHIYODA });
    const [session, xsrf] = response.headers['set-cookie'] as unknown as string[];
    expect(session).toMatch(
      /^zaitaku_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=28800; SameSite=Strict; HttpOnly$/,
    );
    expect(xsrf).toMatch(/^XSRF-TOKEN=[\w-]{43}; Path=\/; Max-Age=28800; SameSite=Strict$/);
  });

  it('reads a route with the cookie alone, as the same actor a Bearer token would be', async () => {
    const { cookie } = await signIn(app, { role: 'caseworker', name: 'alice' });
    const queue = await request(app.getHttpServer()).get('/work-queue?limit=1').set('Cookie', cookie);
    expect(queue.status).toBe(200);
    expect(queue.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    const me = await request(app.getHttpServer()).get('/session').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: 'alice', role: 'caseworker' });
  });

  it('applies the same guards: a caseworker’s cookie may not call an admin route', async () => {
    const { cookie } = await signIn(app, { role: 'caseworker', name: 'alice' });
    const response = await request(app.getHttpServer()).get('/security-log').set('Cookie', cookie);
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('ROLE_NOT_ALLOWED');
  });

  it('refuses a write made with the cookie but without X-XSRF-TOKEN: 403 CSRF_TOKEN_MISSING', async () => {
    const { cookie } = await signIn(app, { role: 'municipality', name: 'm-01', municipalityCode: CHIYODA });
    const response = await request(app.getHttpServer())
      .post('/applications')
      .set('Cookie', cookie)
      .send(draft(uniqueId('csrf-missing')));
    expectError(response, 403, 'CSRF_TOKEN_MISSING');
  });

  it('refuses a write whose X-XSRF-TOKEN is not the cookie’s: 403 CSRF_TOKEN_MISMATCH', async () => {
    const { cookie, xsrf } = await signIn(app, {
      role: 'municipality',
      name: 'm-01',
      municipalityCode: CHIYODA,
    });
    const response = await request(app.getHttpServer())
      .post('/applications')
      .set('Cookie', cookie)
      .set('X-XSRF-TOKEN', `${xsrf.slice(1)}x`)
      .send(draft(uniqueId('csrf-mismatch')));
    expectError(response, 403, 'CSRF_TOKEN_MISMATCH');
  });

  it('accepts the write with the XSRF-TOKEN cookie echoed in X-XSRF-TOKEN', async () => {
    const { cookie, xsrf } = await signIn(app, {
      role: 'municipality',
      name: 'm-01',
      municipalityCode: CHIYODA,
    });
    const response = await request(app.getHttpServer())
      .post('/applications')
      .set('Cookie', cookie)
      .set('X-XSRF-TOKEN', xsrf)
      .send(draft(uniqueId('csrf-ok')));
    expect(response.status).toBe(201);
    expect(response.body.stage).toBe('Draft');
  });

  it('leaves Bearer clients unchanged: no CSRF token, and the header wins over a cookie', async () => {
    const { cookie } = await signIn(app, { role: 'caseworker', name: 'alice' });
    const response = await request(app.getHttpServer())
      .post('/applications')
      .set('Authorization', await bearer(municipality(CHIYODA)))
      .set('Cookie', cookie)
      .send(draft(uniqueId('bearer')));
    expect(response.status).toBe(201);
  });

  it('refuses claims the api would refuse, and unknown roles', async () => {
    const badCode = await request(app.getHttpServer())
      .post('/session/development')
      .send({ role: 'municipality', name: 'm-01', municipalityCode: '131017' });
    expectError(badCode, 400, 'INVALID_SESSION_CLAIMS');
    const badRole = await request(app.getHttpServer())
      .post('/session/development')
      .send({ role: 'superuser', name: 'eve' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error).toBe('VALIDATION_FAILED');
  });

  it('signs out by clearing both cookies', async () => {
    const response = await request(app.getHttpServer()).post('/session/sign-out');
    expect(response.status).toBe(204);
    const cookies = response.headers['set-cookie'] as unknown as string[];
    expect(cookies.map((header) => header.split(';')[0])).toEqual(['zaitaku_session=', 'XSRF-TOKEN=']);
    expect(cookies.every((header) => header.includes('Max-Age=0'))).toBe(true);
  });
});

describe('the console’s files, served by the api at / after its routes', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith([]);
  });
  afterAll(async () => app?.close());
  const html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  it('serves index.html at / and for client routes, under the Content-Security-Policy, never cached', async () => {
    for (const path of ['/', '/sign-in', '/some/client/route']) {
      const response = await request(app.getHttpServer()).get(path).set('Accept', html);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('<div id="root"></div>');
      expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('serves the hashed assets as immutable', async () => {
    const assets = readdirSync('dist/console/assets');
    const script = assets.find((file) => file.endsWith('.js')) as string;
    const response = await request(app.getHttpServer()).get(`/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the console gzip-compressed to a browser that accepts it, uncompressed to one that does not', async () => {
    const assets = readdirSync('dist/console/assets');
    const script = assets
      .filter((file) => file.endsWith('.js'))
      .map((file) => ({ file, size: statSync(`dist/console/assets/${file}`).size }))
      .sort((a, b) => b.size - a.size)[0] as { file: string; size: number };
    const compressed = await request(app.getHttpServer())
      .get(`/assets/${script.file}`)
      .set('Accept-Encoding', 'gzip');
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(Buffer.byteLength(compressed.text)).toBe(script.size); // supertest unzips: the same file
    const plain = await request(app.getHttpServer())
      .get(`/assets/${script.file}`)
      .set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('leaves the api’s routes and its JSON 404 alone', async () => {
    const route = await request(app.getHttpServer()).get('/work-queue').set('Accept', html);
    expect(route.status).toBe(401);
    expect(route.body.error).toBe('MISSING_TOKEN');
    const missing = await request(app.getHttpServer())
      .get('/no-such-route')
      .set('Accept', 'application/json');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('ROUTE_NOT_FOUND');
  });
});

describe('with NODE_ENV=production', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith([], testRuntimeConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48) }));
  });
  afterAll(async () => app?.close());

  it('refuses the development sign-in: 403 DEVELOPMENT_SIGN_IN_DISABLED, and sets no cookie', async () => {
    const response = await request(app.getHttpServer())
      .post('/session/development')
      .send({ role: 'admin', name: 'mallory' });
    expectError(response, 403, 'DEVELOPMENT_SIGN_IN_DISABLED');
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

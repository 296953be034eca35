import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { signAccessToken } from '../../apps/api/src/auth/access-token.ts';
import { launchChromium, newConsolePage, screenshot, seriousViolations } from './console-browser.ts';
import { testRuntimeConfig } from './runtime-config.ts';
import { closedPort } from './unreachable-servers.ts';

const CLIENT_ID = 'zaitaku-console';
const CLIENT_SECRET = 'test-client-secret-of-the-console';
const PRODUCTION_SECRET = 'p'.repeat(48);
const KID = 'issuer-key-1';

/** The issuer's accounts: the claims a directory would carry (OIDC_*_CLAIM names: the defaults). */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  'ap-oidc': { role: 'approver' },
  'muni-oidc': { role: 'municipality', municipalityCode: '131016' },
  'nobody-oidc': {}, // no role: the api refuses to sign them in
};

/**
 * The console signs in for real against an OpenID Provider (panva's certified `oidc-provider`, run in
 * this process as the issuer) with the api configured as in production (NODE_ENV=production: the
 * development sign-in is refused): Chromium follows the redirects to the issuer's login and consent and
 * back to /session/oidc/callback, and the console shows who signed in. The api also accepts the
 * issuer's RS256 tokens as Bearer tokens, verified with its JWKS, and refuses tampered or expired ones.
 */
describe('the console signs in with OpenID Connect (oidc-provider as the issuer)', () => {
  let issuerServer: Server;
  let issuer: string;
  let issuerKey: CryptoKey;
  let app: INestApplication;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256', { extractable: true });
    issuerKey = keys.privateKey;
    const jwk: JWK = { ...(await exportJWK(keys.privateKey)), kid: KID, alg: 'RS256', use: 'sig' };

    let handler: (req: never, res: never) => void = () => undefined;
    issuerServer = createServer((req, res) => handler(req as never, res as never));
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
    const port = await closedPort();
    baseUrl = `http://127.0.0.1:${port}`;

    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${baseUrl}/session/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: ['oidc-provider-cookie-key-of-this-test'] },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      scopes: ['openid', 'zaitaku'],
      claims: { openid: ['sub'], zaitaku: ['role', 'municipalityCode', 'institutionId'] },
      findAccount: (_context, id) =>
        Promise.resolve({
          accountId: id,
          claims: () => Promise.resolve({ sub: id, ...(ACCOUNTS[id] ?? {}) }),
        }),
    });
    handler = provider.callback() as never;

    app = await createApiApp(
      testRuntimeConfig({
        NODE_ENV: 'production',
        JWT_SECRET: PRODUCTION_SECRET,
        OIDC_ISSUER_URL: issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: `${baseUrl}/session/oidc/callback`,
        OIDC_SCOPE: 'openid zaitaku',
      }),
    );
    await app.listen(port, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => issuerServer?.close(resolve));
  });

  /** The issuer's login and consent pages (oidc-provider's development interactions). */
  async function signInAtIssuer(page: Page, login: string): Promise<void> {
    await page.getByRole('link', { name: '組織のアカウントでサインイン' }).click();
    await page.waitForURL(`${issuer}/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click(); // consent to the scopes
  }

  it('tells the console which sign-ins exist: the organisation’s, not the development one', async () => {
    const http = request(app.getHttpServer());
    expect((await http.get('/session/options')).body).toEqual({ development: false, oidc: true });
    const refused = await http.post('/session/development').send({ role: 'admin', name: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('DEVELOPMENT_SIGN_IN_DISABLED');
  });

  it('signs in through the issuer in Chromium and shows the signed-in approver', async () => {
    const { page, errors } = await newConsolePage(browser);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/sign-in`);
    await page.getByRole('heading', { name: 'サインイン' }).waitFor();
    expect(await page.getByLabel('役割').count()).toBe(0); // no development form in production
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-sign-in-oidc');

    await signInAtIssuer(page, 'ap-oidc');
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('heading', { name: '作業一覧' }).waitFor();
    await page.getByText('ap-oidc（決裁者）').waitFor();
    const cookies = await page.context().cookies(baseUrl);
    const session = cookies.find((cookie) => cookie.name === 'zaitaku_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies.find((cookie) => cookie.name === 'zaitaku_oidc')).toBeUndefined(); // the flow's cookie is gone
    // The session is the api's own: GET /session says who it is.
    const me = await request(app.getHttpServer())
      .get('/session')
      .set('Cookie', `zaitaku_session=${session?.value}`);
    expect(me.body).toEqual({ id: 'ap-oidc', role: 'approver' });

    await page.reload();
    await page.getByText('ap-oidc（決裁者）').waitFor();
    await screenshot(page, 'console-signed-in-oidc');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('maps a municipality’s code, and lands on the page that sent the visitor to sign in', async () => {
    const { page, errors } = await newConsolePage(browser);
    await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent('/?stage=Submitted')}`);
    await signInAtIssuer(page, 'muni-oidc');
    await page.waitForURL(`${baseUrl}/?stage=Submitted`);
    await page.getByText('muni-oidc（区市町村・131016）').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('refuses an account without a role: back on the sign-in page, saying why, no session', async () => {
    const { page } = await newConsolePage(browser);
    await page.goto(`${baseUrl}/sign-in`);
    await signInAtIssuer(page, 'nobody-oidc');
    await page.waitForURL(`${baseUrl}/sign-in?error=OIDC_CLAIMS_REFUSED`);
    await page.getByRole('alert').filter({ hasText: '役割（role）' }).waitFor();
    const cookies = await page.context().cookies(baseUrl);
    expect(cookies.find((cookie) => cookie.name === 'zaitaku_session')).toBeUndefined();
    await page.context().close();
  });

  it('refuses a callback without the flow cookie (a forged or replayed redirect)', async () => {
    const response = await request(app.getHttpServer()).get('/session/oidc/callback?code=x&state=y');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/sign-in?error=OIDC_FLOW_EXPIRED');
    expect(response.headers['set-cookie']?.[0]).toMatch(/^zaitaku_oidc=; Path=\/session\/oidc; Max-Age=0/);
  });

  describe("Bearer tokens of the issuer (RS256, verified with the issuer's JWKS)", () => {
    const token = (
      claims: Record<string, unknown>,
      exp: string | number = '10m',
      audience = CLIENT_ID,
      key?: CryptoKey,
    ) =>
      new SignJWT({ role: 'caseworker', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject('cw-oidc')
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key ?? issuerKey);
    const me = (authorization: string) =>
      request(app.getHttpServer()).get('/session').set('Authorization', `Bearer ${authorization}`);

    it('accepts one with the right issuer, audience and claims', async () => {
      const response = await me(await token({}));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: 'cw-oidc', role: 'caseworker' });
    });

    it('refuses a tampered one, an expired one, another audience’s and one signed by another key', async () => {
      const [header, , signature] = (await token({})).split('.');
      const forged = Buffer.from(
        JSON.stringify({ sub: 'cw-oidc', role: 'admin', iss: issuer, aud: CLIENT_ID, exp: 4e9 }),
      ).toString('base64url');
      const tampered = await me(`${header}.${forged}.${signature}`);
      expect(tampered.status).toBe(401);
      expect(tampered.body.error).toBe('INVALID_SIGNATURE');

      const expired = await me(await token({}, Math.floor(Date.now() / 1000) - 3600));
      expect(expired.status).toBe(401);
      expect(expired.body.error).toBe('TOKEN_EXPIRED');

      const otherAudience = await me(await token({}, '10m', 'another-client'));
      expect(otherAudience.status).toBe(401);
      expect(otherAudience.body.error).toBe('INVALID_CLAIMS');

      const stranger = (await generateKeyPair('RS256')).privateKey;
      const foreign = await me(await token({}, '10m', CLIENT_ID, stranger));
      expect(foreign.status).toBe(401);
      expect(foreign.body.error).toBe('INVALID_SIGNATURE');

      const noRole = await me(await token({ role: 'superuser' }));
      expect(noRole.status).toBe(401);
      expect(noRole.body.error).toBe('UNKNOWN_ROLE');
    });

    it('still accepts the HS256 tokens of JWT_SECRET beside them', async () => {
      const response = await me(await signAccessToken({ sub: 'ad-1', role: 'admin' }, PRODUCTION_SECRET));
      expect(response.body).toEqual({ id: 'ad-1', role: 'admin' });
    });
  });
});

describe('with the issuer unreachable', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    app = await createApiApp(
      testRuntimeConfig({
        NODE_ENV: 'production',
        JWT_SECRET: PRODUCTION_SECRET,
        OIDC_ISSUER_URL: down,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_REDIRECT_URL: 'http://127.0.0.1:1/session/oidc/callback',
      }),
    );
    await app.init();
  });
  afterAll(async () => app?.close());

  it('answers 503 ISSUER_UNAVAILABLE to a sign-in and to an RS256 token, and still takes HS256 tokens', async () => {
    const http = request(app.getHttpServer());
    const start = await http.get('/session/oidc/start');
    expect(start.status).toBe(503);
    expect(start.body).toEqual({ error: 'ISSUER_UNAVAILABLE', message: expect.any(String) });
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT({ role: 'caseworker' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('cw')
      .setExpirationTime('5m')
      .sign(privateKey);
    const bearer = await http.get('/session').set('Authorization', `Bearer ${rs256}`);
    expect(bearer.status).toBe(503);
    expect(bearer.body.error).toBe('ISSUER_UNAVAILABLE');
    const hs256 = await signAccessToken({ sub: 'ad-2', role: 'admin' }, PRODUCTION_SECRET);
    expect((await http.get('/session').set('Authorization', `Bearer ${hs256}`)).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { launchChromium, newConsolePage, screenshot, signIn, listenLocally } from './console-browser.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/**
 * The job dashboard (bull-board at /admin/queues) opens in the browser with the console's session
 * cookie: an admin clicks the menu's ジョブ link; a caseworker is refused. The api's
 * Content-Security-Policy must let the dashboard run (no CSP violation, no page error).
 */
describe('the job dashboard from the console: /admin/queues with the session cookie', () => {
  let app: INestApplication;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createApiApp(testRuntimeConfig());
    baseUrl = await listenLocally(app);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('an admin signs in and opens ジョブ: the dashboard lists the job queue', async () => {
    const { page, errors } = await newConsolePage(browser);
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        cspViolations.push(message.text());
    });
    await signIn(page, baseUrl, { role: 'admin', name: 'ad-queues' });
    await page.getByRole('navigation').getByRole('link', { name: 'ジョブ' }).click();
    await page.waitForURL(`${baseUrl}/admin/queues`);
    expect(await page.title()).toBe('Bull Dashboard');
    // The dashboard's own api calls (/admin/queues/api/queues) carry the cookie too: the queue shows.
    await page.getByRole('link', { name: 'zaitaku-jobs' }).click();
    await page.waitForURL(`${baseUrl}/admin/queues/queue/zaitaku-jobs**`);
    await page.getByRole('heading', { name: 'zaitaku-jobs' }).first().waitFor();
    await screenshot(page, 'console-admin-queues');
    expect(errors).toEqual([]);
    expect(cspViolations).toEqual([]);

    await page.reload();
    await page.getByText('zaitaku-jobs').first().waitFor();
    await page.context().close();
  });

  it('a caseworker signed in is refused (403), and nobody signed in gets 401', async () => {
    const { page } = await newConsolePage(browser);
    const anonymous = await page.goto(`${baseUrl}/admin/queues`);
    expect(anonymous?.status()).toBe(401);
    await signIn(page, baseUrl, { role: 'caseworker', name: 'cw-queues' });
    expect(await page.getByRole('link', { name: 'ジョブ' }).count()).toBe(0); // not in their menu
    const refused = await page.goto(`${baseUrl}/admin/queues`);
    expect(refused?.status()).toBe(403);
    expect(await refused?.json()).toMatchObject({ error: 'ROLE_NOT_ALLOWED' });
    await page.context().close();
  });

  it('a write with the cookie must come from this origin or carry the CSRF token', async () => {
    const signedIn = await request(app.getHttpServer())
      .post('/session/development')
      .send({ role: 'admin', name: 'ad-csrf' });
    const pairs = (signedIn.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    const cookie = pairs.join('; ');
    const xsrf = decodeURIComponent(
      (pairs.find((pair) => pair?.startsWith('XSRF-TOKEN=')) as string).slice('XSRF-TOKEN='.length),
    );
    const write = () => request(app.getHttpServer()).put('/admin/queues/api/queues/no-such-queue/pause');

    const crossSite = await write().set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site');
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error).toBe('CSRF_TOKEN_MISSING');
    // Past the check, bull-board answers for itself: no such queue.
    const sameOrigin = await write().set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin');
    expect(sameOrigin.status).toBe(404);
    const withToken = await write().set('Cookie', cookie).set('X-XSRF-TOKEN', xsrf);
    expect(withToken.status).toBe(404);
  });
});

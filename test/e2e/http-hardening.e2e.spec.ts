import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { MAX_BODY_DEPTH } from '../../apps/api/src/validation/body-shape.middleware.ts';
import { appWith, bearer } from './access-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';

const CALENDAR_DATES = ['noticeDate', 'recommendationDeadline', 'designationCutoff', 'publicationDueDate'];
const PRODUCTION_SECRET = 'p'.repeat(48);

/** A route that fails the way a bug would: the answer must still be the documented shape. */
@Controller('probe/broken')
class BrokenProbeController {
  @Get()
  fail(): never {
    return (null as unknown as { split(): never }).split();
  }
}

/** Every documented error answer: JSON `{ error: string, message: string, … }`. */
function expectErrorShape(response: request.Response, status: number, error?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(typeof response.body.error).toBe('string');
  expect(typeof response.body.message).toBe('string');
  if (error !== undefined) expect(response.body.error).toBe(error);
}

describe('the HTTP layer of the real app (createApiApp): headers, error shape, body shape', () => {
  let app: INestApplication;
  let caseworker: string;
  beforeAll(async () => {
    app = await createApiApp(testRuntimeConfig());
    await app.init();
    caseworker = await bearer({ sub: 'cw-hardening', role: 'caseworker' });
  });
  afterAll(async () => app?.close());
  const http = () => request(app.getHttpServer());
  const postRaw = (path: string, raw: string, token: string | undefined = caseworker) => {
    const call = http().post(path).set('Content-Type', 'application/json');
    return (token ? call.set('Authorization', token) : call).send(raw);
  };

  describe('security headers', () => {
    const expectSecurityHeaders = (response: request.Response) => {
      const h = response.headers;
      expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(h['content-security-policy']).toContain("default-src 'self'");
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['x-frame-options']).toBe('DENY');
      expect(h['referrer-policy']).toBe('no-referrer');
      expect(h['x-powered-by']).toBeUndefined();
      expect(h['access-control-allow-origin']).toBeUndefined();
    };

    it('are on data answers, with Cache-Control: no-store', async () => {
      const response = await http().get('/work-queue').set('Authorization', caseworker).expect(200);
      expectSecurityHeaders(response);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('are on refusals, unknown routes and body-parser errors too', async () => {
      for (const response of [
        await http().get('/work-queue'),
        await http().get('/no/such/route'),
        await postRaw('/applications', '{"programId":'),
      ]) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expectSecurityHeaders(response);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    it('no cross-origin access by default: neither a request nor a preflight gets CORS headers', async () => {
      const simple = await http()
        .get('/work-queue')
        .set('Origin', 'https://elsewhere.example')
        .set('Authorization', caseworker);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await http()
        .options('/applications')
        .set('Origin', 'https://elsewhere.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    });
  });

  describe('every error in the documented shape', () => {
    it('an unknown route: 404 ROUTE_NOT_FOUND', async () => {
      const response = await http().get('/no/such/route?x=1');
      expectErrorShape(response, 404, 'ROUTE_NOT_FOUND');
      expect(response.body.message).toContain('GET /no/such/route');
    });

    it('a body over the limit: 413 PAYLOAD_TOO_LARGE naming the limit', async () => {
      const response = await postRaw('/applications', JSON.stringify({ programId: 'x'.repeat(200_000) }));
      expectErrorShape(response, 413, 'PAYLOAD_TOO_LARGE');
      expect(response.body.message).toMatch(/at most \d+ bytes/);
    });

    it('malformed JSON: 400 MALFORMED_JSON', async () => {
      expectErrorShape(await postRaw('/applications', '{"programId": '), 400, 'MALFORMED_JSON');
    });

    it("a request line over Node's 16 KB header limit: 431 HEADERS_TOO_LARGE (Node's parser, our shape)", async () => {
      const response = await http().get(`/work-queue?programId=${'x'.repeat(20_000)}`);
      expectErrorShape(response, 431, 'HEADERS_TOO_LARGE');
    });

    it('afterPosition beyond the newest event: 422 POSITION_NOT_WRITTEN, not a 503 "retry shortly"', async () => {
      const response = await http()
        .get(`/work-queue?afterPosition=${2n ** 62n}`)
        .set('Authorization', caseworker);
      expectErrorShape(response, 422, 'POSITION_NOT_WRITTEN');
      expect(response.body.field).toBe('afterPosition');
    }, 20_000);

    it('a written position no projector has reached (no worker runs here): 503 READ_MODEL_NOT_CAUGHT_UP', async () => {
      const store = app.get<EventStore>(EVENT_STORE);
      const { position } = await store.append(
        `hardening-${Date.now()}`,
        [
          {
            type: 'HardeningProbe',
            data: {},
            metadata: { actorId: 'test', actorRole: 'system', correlationId: 'hardening' },
          },
        ],
        { expectedRevision: 'any' },
      );
      const response = await http()
        .get(`/work-queue?afterPosition=${position}`)
        .set('Authorization', caseworker);
      expectErrorShape(response, 503, 'READ_MODEL_NOT_CAUGHT_UP');
    }, 20_000);

    it('a broken percent-encoding in the path: 400 MALFORMED_URL', async () => {
      const response = await http().get('/applications/%E0%A4%A').set('Authorization', caseworker);
      expectErrorShape(response, 400, 'MALFORMED_URL');
    });
  });

  describe('nested bodies are refused before anything recurses into them', () => {
    it.each([
      ['an array 10,000 deep', '['.repeat(10_000) + ']'.repeat(10_000), '(body)'],
      ['an object 5,000 deep', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000), 'a.a.a'],
      [
        '3,000 levels inside one field',
        `{"reason":${'['.repeat(3_000)}${']'.repeat(3_000)}}`,
        'reason[0][0]',
      ],
    ])('%s → 400 BODY_TOO_DEEP naming where', async (_name, body, fieldStart) => {
      for (const path of ['/applications', '/applications/any-case/submit', '/designation-rounds']) {
        const response = await postRaw(path, body);
        expectErrorShape(response, 400, 'BODY_TOO_DEEP');
        expect(response.body.field.startsWith(fieldStart)).toBe(true);
        expect(response.body.maxDepth).toBe(MAX_BODY_DEPTH);
      }
      // Before authentication and the idempotency key's hash: no token needed to be refused.
      expectErrorShape(await postRaw('/applications', body, undefined), 400, 'BODY_TOO_DEEP');
    });

    it(`${MAX_BODY_DEPTH} levels pass the shape check (and reach validation)`, async () => {
      const deepest = `{"reason":${'['.repeat(MAX_BODY_DEPTH - 1)}${']'.repeat(MAX_BODY_DEPTH - 1)}}`;
      const response = await postRaw('/applications/any-case/submit', deepest);
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors[0].field).toBe('reason');
    });
  });

  it('__proto__, constructor and prototype keys anywhere are refused by name like unknown properties', async () => {
    const body =
      '{"reason":"ok","__proto__":{"isAdmin":true},"facts":{"applicant":{"kind":"hospital","constructor":{"prototype":1}}}}';
    const response = await postRaw('/applications/any-case/review', body);
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
    const unknown = 'unknown property: this endpoint does not accept it';
    expect(response.body.errors).toEqual([
      { field: '__proto__', value: { isAdmin: true }, reason: unknown },
      { field: 'facts.applicant.constructor', value: { prototype: 1 }, reason: unknown },
      { field: 'facts.applicant.constructor.prototype', value: 1, reason: unknown },
    ]);
    const query = await http().get('/work-queue?__proto__=1').set('Authorization', caseworker);
    expectErrorShape(query, 400, 'VALIDATION_FAILED');
    expect(query.body.errors).toEqual([{ field: '__proto__', value: '1', reason: unknown }]);
  });

  it('NUL and lone surrogates, which PostgreSQL cannot store, are refused by field (npm run fuzz:api found a 500)', async () => {
    const query = await http().get('/budgets?programId=%00').set('Authorization', caseworker);
    expectErrorShape(query, 400, 'VALIDATION_FAILED');
    expect(query.body.errors).toEqual([
      { field: 'programId', value: '\u0000', reason: 'must not contain U+0000 (NUL)' },
    ]);
    const body = await postRaw('/applications/any-case/submit', '{"reason":"a\\u0000b","x\\ud800":1}');
    expectErrorShape(body, 400, 'VALIDATION_FAILED');
    expect(body.body.errors).toEqual([
      { field: 'reason', value: 'a\u0000b', reason: 'must not contain U+0000 (NUL)' },
      { field: 'x\ud800', value: 1, reason: 'its name is not well-formed Unicode (a lone surrogate)' },
    ]);
    const path = await http().get('/history/categories/a%00b').set('Authorization', caseworker);
    expectErrorShape(path, 400, 'VALIDATION_FAILED');
    expect(path.body.errors[0]).toMatchObject({ field: '(path)', reason: 'must not contain U+0000 (NUL)' });
  });

  it.each([[{}], [{ reason: 'x' }]])(
    'POST /applications/{id}/review with %j: 400 naming facts (was a SyntaxError 500)',
    async (body) => {
      const response = await http()
        .post('/applications/any-case/review')
        .set('Authorization', caseworker)
        .send(body);
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([{ field: 'facts', value: null, reason: 'facts is required' }]);
    },
  );

  it.each(CALENDAR_DATES)(
    'POST /designation-rounds with calendar.%s null: 400 naming it (was a TypeError 500)',
    async (date) => {
      const response = await http()
        .post('/designation-rounds')
        .set('Authorization', caseworker)
        .send({ fiscalYear: 2030, calendar: { [date]: null } });
      expectErrorShape(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([
        { field: `calendar.${date}`, value: null, reason: `${date} may be left out, but not sent as null` },
      ]);
    },
  );

  it('MISSING_TOKEN names `npm run token` in development', async () => {
    const response = await http().get('/work-queue');
    expectErrorShape(response, 401, 'MISSING_TOKEN');
    expect(response.body.message).toContain('npm run token');
  });

  describe('the OpenAPI document', () => {
    let document: {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    beforeAll(async () => {
      document = (await http().get('/docs-json').expect(200)).body;
    });
    const operations = () =>
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
      );
    const bodySchemaOf = (path: string) =>
      (document.paths[path]?.post?.requestBody as { content: Record<string, { schema: { $ref: string } }> })
        .content['application/json']?.schema.$ref;

    it('recommendation withdrawal and designation revocation require their reason', () => {
      for (const path of [
        '/designation-rounds/{fiscalYear}/recommendations/{recommendationId}/withdrawal',
        '/designation-rounds/{fiscalYear}/designations/{institutionId}/revocation',
      ]) {
        const ref = bodySchemaOf(path) as string;
        const schema = document.components.schemas[ref.split('/').pop() as string];
        expect([path, schema?.required]).toEqual([path, ['reason']]);
      }
      // The optional reason of other commands keeps its own schema.
      expect(document.components.schemas.ReasonDto?.required ?? []).toEqual([]);
    });

    it('every protected operation documents 401 and 403, every one with input 400, all in ErrorResponse', () => {
      const all = operations();
      expect(all.length).toBeGreaterThan(40);
      const errorRef = { $ref: '#/components/schemas/ErrorResponse' };
      for (const { path, method, operation } of all) {
        const responses = operation.responses as Record<string, { content?: Record<string, unknown> }>;
        const expected = ['500', '503'];
        if (operation['x-public'] !== true) expected.push('401', '403');
        if (operation.requestBody !== undefined || (operation.parameters as unknown[]).length > 0)
          expected.push('400');
        for (const status of expected) {
          expect([method, path, status, responses[status] !== undefined]).toEqual([
            method,
            path,
            status,
            true,
          ]);
        }
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) < 400 || (path === '/health' && status === '503')) continue;
          expect([method, path, status, response.content?.['application/json']]).toEqual([
            method,
            path,
            status,
            { schema: errorRef },
          ]);
        }
      }
      expect(document.paths['/health']?.get?.security).toEqual([]);
      expect(document.paths['/applications']?.post?.['x-roles']).toEqual(
        expect.arrayContaining(['caseworker', 'admin', 'system']),
      );
    });
  });
});

describe('errors outside the routes (AppModule + a broken test route)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith([BrokenProbeController]);
  });
  afterAll(async () => app?.close());

  it('an unexpected error: 500 INTERNAL_ERROR, its cause not shown', async () => {
    const response = await request(app.getHttpServer())
      .get('/probe/broken')
      .set('Authorization', await bearer({ sub: 'ad-1', role: 'admin' }));
    expectErrorShape(response, 500, 'INTERNAL_ERROR');
    expect(response.text).not.toContain('split');
  });
});

describe('in production (NODE_ENV=production)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith([], testRuntimeConfig({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET }));
  });
  afterAll(async () => app?.close());

  it('MISSING_TOKEN does not show the development hint', async () => {
    const response = await request(app.getHttpServer()).get('/work-queue');
    expectErrorShape(response, 401, 'MISSING_TOKEN');
    expect(response.body.message).toBe('no Authorization header: send "Authorization: Bearer <token>"');
  });
});

describe('CORS_ORIGINS', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith([], testRuntimeConfig({ CORS_ORIGINS: 'https://portal.example.jp' }));
  });
  afterAll(async () => app?.close());

  it('allows the listed origin, and no other', async () => {
    const preflight = (origin: string) =>
      request(app.getHttpServer())
        .options('/applications')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
    const allowed = await preflight('https://portal.example.jp').expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.jp');
    expect(allowed.headers['access-control-allow-headers']).toBe(
      'Authorization,Content-Type,Idempotency-Key',
    );
    const other = await preflight('https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const get = await request(app.getHttpServer()).get('/health').set('Origin', 'https://portal.example.jp');
    expect(get.headers['access-control-allow-origin']).toBe('https://portal.example.jp');
    expect(get.headers['access-control-expose-headers']).toContain('Idempotent-Replayed');
  });
});

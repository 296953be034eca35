import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, HttpCode, Post, type INestApplication } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import type pg from 'pg';
import request from 'supertest';
import { READ_DATABASE } from '#platform';
import { Roles } from '../../apps/api/src/auth/access.decorators.ts';
import { IDEMPOTENCY_RETENTION_HOURS } from '../../apps/api/src/idempotency/idempotency.store.ts';
import { appWith, bearer } from './access-app.ts';

class PaymentDto {
  @IsString()
  readonly recipient!: string;

  @IsInt()
  @Min(1)
  readonly amountYen!: number;
}

/** Counts how often each handler really ran; the slow one waits until the test opens its gate. */
const runs = { pay: 0, slow: 0, broken: 0 };
let slowEntered: () => void = () => undefined;
let openGate: () => void = () => undefined;

@Controller('probe/payments')
@Roles('caseworker')
class PaymentsProbeController {
  @Post()
  pay(@Body() payment: PaymentDto): object {
    runs.pay += 1;
    return { paymentNo: runs.pay, ...payment };
  }

  @Post('accepted')
  @HttpCode(202)
  accept(): void {
    runs.pay += 1;
  }

  @Post('slow')
  async slow(): Promise<object> {
    runs.slow += 1;
    slowEntered();
    await new Promise<void>((resolve) => (openGate = resolve));
    return { done: true };
  }

  @Post('broken')
  broken(): never {
    runs.broken += 1;
    throw new Error('the server failed');
  }
}

describe('Idempotency-Key on POST (real PostgreSQL, table api.idempotency_keys)', () => {
  let app: INestApplication;
  let caseworker: string;
  beforeAll(async () => {
    app = await appWith([PaymentsProbeController]);
    caseworker = await bearer({ sub: `staff-${randomUUID()}`, role: 'caseworker' });
  });
  afterAll(async () => app?.close());
  const post = (path: string, key: string | undefined, body: object = {}, authorization = caseworker) => {
    const req = request(app.getHttpServer()).post(path).set('Authorization', authorization);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };

  it('replays the first answer to a retry: same status and body, Idempotent-Replayed: true, handler run once', async () => {
    const key = randomUUID();
    const before = runs.pay;
    const first = await post('/probe/payments', key, { recipient: 'clinic-7', amountYen: 1_000_000 }).expect(
      201,
    );
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await post('/probe/payments', key, { amountYen: 1_000_000, recipient: 'clinic-7' }).expect(
      201,
    );
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(runs.pay).toBe(before + 1);
  });

  it('replays a status set by @HttpCode and an empty body', async () => {
    const key = randomUUID();
    await post('/probe/payments/accepted', key).expect(202);
    const retry = await post('/probe/payments/accepted', key).expect(202);
    expect(retry.text).toBe('');
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('without the header, every POST runs', async () => {
    const before = runs.pay;
    await post('/probe/payments', undefined, { recipient: 'a', amountYen: 1 }).expect(201);
    await post('/probe/payments', undefined, { recipient: 'a', amountYen: 1 }).expect(201);
    expect(runs.pay).toBe(before + 2);
  });

  it('422 IDEMPOTENCY_KEY_REUSED naming the key when it comes back with a different body or path', async () => {
    const key = randomUUID();
    await post('/probe/payments', key, { recipient: 'clinic-7', amountYen: 100 }).expect(201);
    const reused = await post('/probe/payments', key, { recipient: 'clinic-7', amountYen: 200 }).expect(422);
    expect(reused.body).toEqual({
      error: 'IDEMPOTENCY_KEY_REUSED',
      message: `Idempotency-Key "${key}" was first used for a different request (method, path or body): use a new key for a new request`,
      idempotencyKey: key,
    });
    await post('/probe/payments/accepted', key).expect(422);
  });

  it('keys belong to the token’s sub: another user’s same key is a new request', async () => {
    const key = randomUUID();
    const body = { recipient: 'clinic-7', amountYen: 5 };
    const mine = await post('/probe/payments', key, body).expect(201);
    const colleague = await bearer({ sub: `staff-${randomUUID()}`, role: 'caseworker' });
    const theirs = await post('/probe/payments', key, body, colleague).expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.paymentNo).not.toBe(mine.body.paymentNo);
  });

  it('409 IDEMPOTENT_REQUEST_IN_PROGRESS for a duplicate while the first is still running', async () => {
    const key = randomUUID();
    const before = runs.slow;
    const entered = new Promise<void>((resolve) => (slowEntered = resolve));
    const first = post('/probe/payments/slow', key).then((response) => response);
    await entered;
    const duplicate = await post('/probe/payments/slow', key).expect(409);
    expect(duplicate.body).toMatchObject({ error: 'IDEMPOTENT_REQUEST_IN_PROGRESS', idempotencyKey: key });
    openGate();
    expect((await first).status).toBe(201);
    const retry = await post('/probe/payments/slow', key).expect(201, { done: true });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(runs.slow).toBe(before + 1);
  });

  it('lets exactly one of 8 simultaneous requests with one key run; the others get 409', async () => {
    const key = randomUUID();
    const before = runs.slow;
    const entered = new Promise<void>((resolve) => (slowEntered = resolve));
    const settled: number[] = [];
    const all = Array.from({ length: 8 }, () =>
      post('/probe/payments/slow', key).then((response) => void settled.push(response.status)),
    );
    await entered;
    while (settled.length < 7) await new Promise((resolve) => setTimeout(resolve, 10));
    openGate();
    await Promise.all(all);
    expect(settled.sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(runs.slow).toBe(before + 1);
  });

  it('stores a validation failure (400) and replays it; the same key cannot be reused with a fixed body', async () => {
    const key = randomUUID();
    const first = await post('/probe/payments', key, { recipient: 'clinic-7', amountYen: 0 }).expect(400);
    expect(first.body.error).toBe('VALIDATION_FAILED');
    const retry = await post('/probe/payments', key, { recipient: 'clinic-7', amountYen: 0 }).expect(400);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    await post('/probe/payments', key, { recipient: 'clinic-7', amountYen: 1 }).expect(422);
  });

  it('forgets the key after a 500, so that the retry runs again', async () => {
    const key = randomUUID();
    await post('/probe/payments/broken', key).expect(500);
    await post('/probe/payments/broken', key).expect(500);
    expect(runs.broken).toBe(2);
  });

  it('400 INVALID_IDEMPOTENCY_KEY for a key with spaces or too long', async () => {
    for (const key of ['has space', 'x'.repeat(256)]) {
      const response = await post('/probe/payments', key, { recipient: 'a', amountYen: 1 }).expect(400);
      expect(response.body.error).toBe('INVALID_IDEMPOTENCY_KEY');
    }
  });

  it(`treats a key older than ${IDEMPOTENCY_RETENTION_HOURS} h as new`, async () => {
    const key = randomUUID();
    const body = { recipient: 'clinic-7', amountYen: 7 };
    const first = await post('/probe/payments', key, body).expect(201);
    const pool = app.get<pg.Pool>(READ_DATABASE);
    await pool.query(
      `UPDATE api.idempotency_keys SET created_at = now() - make_interval(hours => $2 + 1) WHERE idempotency_key = $1`,
      [key, IDEMPOTENCY_RETENTION_HOURS],
    );
    const later = await post('/probe/payments', key, body).expect(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.body.paymentNo).toBeGreaterThan(first.body.paymentNo);
  });
});

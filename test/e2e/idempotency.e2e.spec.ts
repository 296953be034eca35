import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, HttpCode, Post, type INestApplication } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import request from 'supertest';
import { READ_DATABASE } from '#platform';
import { migrateReadModel, READ_MODEL_DATA_SOURCE } from '#projections';
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

  @Post('shared')
  @Roles('caseworker', 'approver')
  payShared(@Body() payment: PaymentDto): object {
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

  it('keys are bound to the whole principal: the same sub in another role is a new request', async () => {
    const key = randomUUID();
    const sub = `staff-${randomUUID()}`;
    const body = { recipient: 'clinic-7', amountYen: 6 };
    const asCaseworker = await bearer({ sub, role: 'caseworker' });
    const asApprover = await bearer({ sub, role: 'approver' });
    const first = await post('/probe/payments/shared', key, body, asCaseworker).expect(201);
    const other = await post('/probe/payments/shared', key, body, asApprover).expect(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.paymentNo).not.toBe(first.body.paymentNo);
    // Each principal replays its own answer.
    const again = await post('/probe/payments/shared', key, body, asCaseworker).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const otherAgain = await post('/probe/payments/shared', key, body, asApprover).expect(201);
    expect(otherAgain.body).toEqual(other.body);
  });

  it('a replay passes the guards first: the same sub in a role the route refuses gets the refusal, not the answer', async () => {
    const key = randomUUID();
    const sub = `staff-${randomUUID()}`;
    const body = { recipient: 'clinic-7', amountYen: 8 };
    const before = runs.pay;
    await post('/probe/payments', key, body, await bearer({ sub, role: 'caseworker' })).expect(201);
    const approver = await post('/probe/payments', key, body, await bearer({ sub, role: 'approver' }));
    expect(approver.status).toBe(403);
    expect(approver.body.error).toBe('ROLE_NOT_ALLOWED');
    expect(approver.headers['idempotent-replayed']).toBeUndefined();
    const auditor = await post('/probe/payments', key, body, await bearer({ sub, role: 'auditor' }));
    expect(auditor.status).toBe(403);
    expect(auditor.body.error).toBe('READ_ONLY_ROLE');
    const municipal = { sub, role: 'municipality', municipalityCode: '131016' } as const;
    expect((await post('/probe/payments', key, body, await bearer(municipal))).status).toBe(403);
    expect(runs.pay).toBe(before + 1);
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
  it('migrates a table of the first version (keys per sub only): its keys are expired, the new ones bound to the principal', async () => {
    const pool = app.get<pg.Pool>(READ_DATABASE);
    const sub = `staff-${randomUUID()}`;
    const key = randomUUID();
    const body = { recipient: 'clinic-7', amountYen: 9 };
    await pool.query(`DROP TABLE api.idempotency_keys`);
    await pool.query(`CREATE TABLE api.idempotency_keys (
        principal text NOT NULL, idempotency_key text NOT NULL, request_hash text NOT NULL,
        method text NOT NULL, path text NOT NULL, status_code integer, response_body text,
        created_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz,
        PRIMARY KEY (principal, idempotency_key))`);
    // A stored answer of the old version, which any token with this sub would have been replayed.
    await pool.query(
      `INSERT INTO api.idempotency_keys (principal, idempotency_key, request_hash, method, path, status_code, response_body)
       VALUES ($1, $2, 'old-hash', 'POST', '/probe/payments', 201, '{"paymentNo":-1}')`,
      [sub, key],
    );
    // A database the previous version set up: the table is there, its migration not yet recorded.
    await pool.query(`DELETE FROM read_model.migrations WHERE name = 'ApiIdempotencyKeys1767484800000'`);
    const dataSource = app.get<DataSource>(READ_MODEL_DATA_SOURCE);
    expect(await migrateReadModel(dataSource)).toEqual(['ApiIdempotencyKeys1767484800000']);
    expect(await migrateReadModel(dataSource)).toEqual([]); // again: nothing left to do
    const { rows } = await pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'api' AND table_name = 'idempotency_keys' AND column_name LIKE 'principal%' ORDER BY 1`,
    );
    expect(rows.map((row) => row.column_name)).toEqual([
      'principal',
      'principal_institution_id',
      'principal_municipality_code',
      'principal_role',
    ]);
    expect(
      (await pool.query(`SELECT 1 FROM api.idempotency_keys WHERE principal = $1`, [sub])).rowCount,
    ).toBe(0);
    const token = await bearer({ sub, role: 'caseworker' });
    const fresh = await post('/probe/payments', key, body, token).expect(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(fresh.body.paymentNo).toBeGreaterThan(0);
    const retry = await post('/probe/payments', key, body, token).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });
});

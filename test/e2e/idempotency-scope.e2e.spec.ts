import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import { auditor } from './cases-app.ts';
import { useCasesApp } from './cases-harness.ts';
import { CHIYODA, DAYS, freshId, HACHIOJI, pediatricCase, securityLog } from './security-log-flows.ts';

/**
 * An Idempotency-Key is bound to the whole principal: a token with the same sub but another
 * municipality or role that sends the same key and body is answered as the same request without the
 * key would be (404, or the role's refusal), writes nothing, and never sees the first answer.
 */
describe('Idempotency-Key across scopes (real app, real PostgreSQL)', () => {
  const cases = useCasesApp();
  const streamOf = (applicationId: string) => cases.store.readStream(`application-${applicationId}`);

  it('same sub, another municipality, same key and body: 404 as without the key, nothing appended, recorded as OUT_OF_SCOPE', async () => {
    const sub = freshId('muni-officer');
    const chiyoda: TokenClaims = { sub, role: 'municipality', municipalityCode: CHIYODA };
    const hachioji: TokenClaims = { sub, role: 'municipality', municipalityCode: HACHIOJI };
    const c = pediatricCase(CHIYODA);
    const draftKey = { 'Idempotency-Key': randomUUID() };
    const drafted = await cases.client.post('/applications', chiyoda, c.draft, DAYS.drafted, draftKey);
    expect(drafted.status).toBe(201);

    // The draft again, with the first request's key and body, from the other municipality.
    const draftAgain = await cases.client.post('/applications', hachioji, c.draft, DAYS.drafted, draftKey);
    const withoutKey = await cases.client.post('/applications', hachioji, c.draft, DAYS.drafted);
    expect(draftAgain.status).toBe(404);
    expect(draftAgain.headers['idempotent-replayed']).toBeUndefined();
    expect(draftAgain.body).toEqual(withoutKey.body);
    expect(JSON.stringify(draftAgain.body)).not.toContain(CHIYODA);

    const submitKey = { 'Idempotency-Key': randomUUID() };
    const submitPath = `/applications/${c.applicationId}/submit`;
    const submitted = await cases.client.post(submitPath, chiyoda, {}, DAYS.submitted, submitKey);
    expect(submitted.status).toBe(201);
    const stream = await streamOf(c.applicationId);
    expect(stream.map((event) => event.type)).toEqual(['ApplicationDrafted', 'ApplicationSubmitted']);

    const crossScope = await cases.client.post(submitPath, hachioji, {}, DAYS.submitted, submitKey);
    expect(crossScope.status).toBe(404);
    expect(crossScope.body.error).toBe('NOT_FOUND');
    expect(crossScope.headers['idempotent-replayed']).toBeUndefined();
    expect(await streamOf(c.applicationId)).toEqual(stream);

    // The first principal still gets its own answer replayed; nothing is appended.
    const replay = await cases.client.post(submitPath, chiyoda, {}, DAYS.submitted, submitKey);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(submitted.body);
    expect(await streamOf(c.applicationId)).toEqual(stream);

    const refusals = await securityLog(cases, auditor, { actorId: sub, code: 'OUT_OF_SCOPE' });
    expect(refusals.map((entry) => [entry.municipalityCode, entry.status, entry.route])).toEqual([
      [HACHIOJI, 404, 'POST /applications'],
      [HACHIOJI, 404, 'POST /applications'],
      [HACHIOJI, 404, 'POST /applications/:applicationId/submit'],
    ]);
  });

  it('same sub, another role, same key and body: the role is refused (the guards run before any replay), nothing appended', async () => {
    const sub = freshId('muni-officer');
    const chiyoda: TokenClaims = { sub, role: 'municipality', municipalityCode: CHIYODA };
    const c = pediatricCase(CHIYODA);
    await cases.client.step('/applications', chiyoda, c.draft, DAYS.drafted, 'Draft');
    const key = { 'Idempotency-Key': randomUUID() };
    const submitPath = `/applications/${c.applicationId}/submit`;
    expect((await cases.client.post(submitPath, chiyoda, {}, DAYS.submitted, key)).status).toBe(201);
    const stream = await streamOf(c.applicationId);

    const asApprover = await cases.client.post(
      submitPath,
      { sub, role: 'approver' },
      {},
      DAYS.submitted,
      key,
    );
    expect(asApprover.status).toBe(403);
    expect(asApprover.body.error).toBe('ROLE_NOT_ALLOWED');
    const asAuditor = await cases.client.post(submitPath, { sub, role: 'auditor' }, {}, DAYS.submitted, key);
    expect(asAuditor.status).toBe(403);
    expect(asAuditor.body.error).toBe('READ_ONLY_ROLE');
    // A role the route allows runs the command itself, as without the key: the stage refuses it.
    const asCaseworker = await cases.client.post(
      submitPath,
      { sub, role: 'caseworker' },
      {},
      DAYS.submitted,
      key,
    );
    expect(asCaseworker.status).toBe(409);
    expect(asCaseworker.body.error).toBe('ILLEGAL_TRANSITION');
    for (const answer of [asApprover, asAuditor, asCaseworker])
      expect(answer.headers['idempotent-replayed']).toBeUndefined();
    expect(await streamOf(c.applicationId)).toEqual(stream);

    const refusals = await securityLog(cases, auditor, { actorId: sub });
    expect(refusals.map((entry) => [entry.actorRole, entry.code])).toEqual([
      ['approver', 'ROLE_NOT_ALLOWED'],
      ['auditor', 'READ_ONLY_ROLE'],
    ]);
  });
});

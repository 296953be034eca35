import { expect } from '@jest/globals';
import request from 'supertest';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import { bearer } from './access-app.ts';
import { municipality, uniqueId, type CaseClient } from './cases-app.ts';
import type { CasesHarness } from './cases-harness.ts';

export const CHIYODA = '131016';
export const HACHIOJI = '132012';

/** The days of a FY2017 case (all inside the default windows). */
export const DAYS = {
  drafted: '2017-04-03',
  submitted: '2017-04-10',
  reviewed: '2017-04-20',
  decided: '2017-05-10',
};

let sequence = 0;

/** An id of its own for every call (uniqueId is unique per run only). */
export function freshId(name: string): string {
  sequence += 1;
  return uniqueId(`${name}-${sequence}`);
}

/** A 小児等在宅医療連携拠点事業 case of a municipality, FY2017, with ids of its own. */
export function pediatricCase(municipalityCode = CHIYODA): {
  readonly applicationId: string;
  readonly applicant: TokenClaims;
  readonly draft: object;
} {
  sequence += 1;
  const applicationId = uniqueId(`sec-app-${sequence}`);
  return {
    applicationId,
    applicant: municipality(municipalityCode),
    draft: {
      applicationId,
      programId: 'pediatric-home-care',
      menuId: 'pediatric-home-care',
      fiscalYear: 2017,
      programYear: 1,
      recipient: { kind: 'municipality', id: uniqueId(`sec-muni-${sequence}`), municipalityCode },
      quantity: { units: 1 },
      plannedExpenditure: 12_000_000,
      otherIncome: 0,
    },
  };
}

/** Drafted and submitted by its municipality, and reviewed by `reviewer`. */
export async function caseUnderReview(client: CaseClient, reviewer: TokenClaims) {
  const c = pediatricCase();
  await client.step('/applications', c.applicant, c.draft, DAYS.drafted, 'Draft');
  await client.step(`/applications/${c.applicationId}/submit`, c.applicant, {}, DAYS.submitted, 'Submitted');
  await client.step(
    `/applications/${c.applicationId}/review`,
    reviewer,
    { facts: { applicant: { kind: 'municipality' } } },
    DAYS.reviewed,
    'UnderReview',
  );
  return c;
}

/** The security log's entries a query selects (every page), read by `who`. */
export async function securityLog(
  cases: CasesHarness,
  who: TokenClaims,
  query: Record<string, string>,
): Promise<Record<string, unknown>[]> {
  const entries: Record<string, unknown>[] = [];
  for (let cursor: string | null | undefined; cursor !== null;) {
    const response = await request(cases.app.getHttpServer())
      .get('/security-log')
      .query({ ...query, limit: '1000', ...(cursor === undefined ? {} : { cursor }) })
      .set('Authorization', await bearer(who));
    expect(response.status).toBe(200);
    entries.push(...(response.body.entries as Record<string, unknown>[]));
    cursor = response.body.nextCursor as string | null;
  }
  return entries;
}

import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { expect } from '@jest/globals';
import { CLOCK, ManualClock } from '#platform';
import { AppModule } from '../../apps/api/src/app.module.ts';
import { configureHttp } from '../../apps/api/src/http/configure-http.ts';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import { bearer } from './access-app.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/** The real app on the test PostgreSQL, its CLOCK a ManualClock: fiscal years and windows are chosen. */
export async function casesApp(): Promise<{ app: INestApplication; clock: ManualClock }> {
  const clock = new ManualClock('2015-04-01T10:00:00+09:00');
  const config = testRuntimeConfig();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttp(app, config);
  await app.init();
  return { app, clock };
}

/** Ids unique to this run: the test database keeps earlier runs' streams. */
export const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
export const uniqueId = (name: string): string => `${name}-${RUN}`;

export const caseworker: TokenClaims = { sub: 'cw-1', role: 'caseworker' };
export const caseworker2: TokenClaims = { sub: 'cw-2', role: 'caseworker' };
export const approver: TokenClaims = { sub: 'ap-1', role: 'approver' };
/** cw-1 (the reviewer) with an approver's token: the four-eyes rule refuses them. */
export const reviewerAsApprover: TokenClaims = { sub: 'cw-1', role: 'approver' };
export const auditor: TokenClaims = { sub: 'au-1', role: 'auditor' };
export const municipality = (code: string): TokenClaims => ({
  sub: `muni-${code}`,
  role: 'municipality',
  municipalityCode: code,
});
export const institution = (id: string): TokenClaims => ({
  sub: `staff-${id}`,
  role: 'institution',
  institutionId: id,
});

/** supertest on the app, a token per call, the clock set to the day (10:00 JST) a command is issued. */
export class CaseClient {
  constructor(
    private readonly app: INestApplication,
    private readonly clock: ManualClock,
  ) {}

  async post(
    path: string,
    who: TokenClaims | undefined,
    body: object,
    on: string,
    headers: Record<string, string> = {},
  ): Promise<request.Response> {
    this.clock.set(`${on}T10:00:00+09:00`);
    let call = request(this.app.getHttpServer()).post(path).send(body);
    if (who) call = call.set('Authorization', await bearer(who));
    for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
    return call;
  }

  async get(path: string, who: TokenClaims): Promise<request.Response> {
    return request(this.app.getHttpServer())
      .get(path)
      .set('Authorization', await bearer(who));
  }

  /** A command that must succeed: 201 and the stage it leads to. */
  async step(
    path: string,
    who: TokenClaims,
    body: object,
    on: string,
    stage: string,
  ): Promise<CommandAnswer> {
    const response = await this.post(path, who, body, on);
    if (response.status !== 201) {
      throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(response.body)}`);
    }
    expect(response.body.stage).toBe(stage);
    expect(response.body.position).toMatch(/^\d+$/);
    return response.body as CommandAnswer;
  }
}

export interface CommandAnswer {
  readonly applicationId: string;
  readonly stage: string;
  readonly allowedCommands: string[];
  readonly position: string;
  readonly revision: number;
  readonly events: string[];
}

/** 10:00 JST on a day, as an ISO instant. */
export const at = (date: string): string => `${date}T10:00:00+09:00`;

import { afterAll, beforeAll } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '#platform';
import { CaseClient, casesApp } from './cases-app.ts';

export interface CasesHarness {
  readonly app: INestApplication;
  readonly client: CaseClient;
  /** The app's own event store, to check what a request wrote (or did not). */
  readonly store: EventStore;
}

/**
 * The cases app for the enclosing describe block: started in beforeAll, closed in afterAll (so a failed
 * assertion never leaves it open and Jest hanging). Read its fields inside tests only.
 */
export function useCasesApp(): CasesHarness {
  const harness: { -readonly [K in keyof CasesHarness]?: CasesHarness[K] } = {};
  beforeAll(async () => {
    const { app, clock } = await casesApp();
    harness.app = app;
    harness.client = new CaseClient(app, clock);
    harness.store = app.get<EventStore>(EVENT_STORE);
  });
  afterAll(async () => harness.app?.close());
  return harness as CasesHarness;
}

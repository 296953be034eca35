import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createApiApp } from '../../apps/api/src/create-api-app.ts';
import { openApiDocument } from '../../apps/api/src/open-api.ts';
import { CONSOLE_API_TYPES_FILE, consoleApiTypes } from '../../scripts/console/api-types.ts';
import {
  CONSOLE_COMMAND_SCHEMAS_FILE,
  consoleCommandSchemas,
} from '../../scripts/console/command-schemas.ts';
import { testRuntimeConfig } from './runtime-config.ts';

/** The console's client is typed from the api's document: a change to the api regenerates it. */
describe('the console’s generated api types', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApiApp({ ...testRuntimeConfig(), sandbox: false });
    await app.init();
  });
  afterAll(async () => app?.close());

  it(`${CONSOLE_API_TYPES_FILE} is what the api's OpenAPI document produces (else: npm run console:api-types)`, async () => {
    const expected = await consoleApiTypes(openApiDocument(app));
    const committed = readFileSync(CONSOLE_API_TYPES_FILE, 'utf8');
    // One assertion, not a 9,000-line diff: the message says what to run.
    expect(committed === expected ? 'up to date' : 'drifted: run npm run console:api-types').toBe(
      'up to date',
    );
  });

  it(`${CONSOLE_COMMAND_SCHEMAS_FILE} holds the request-body schema of every application command`, () => {
    const expected = consoleCommandSchemas(openApiDocument(app));
    const committed = readFileSync(CONSOLE_COMMAND_SCHEMAS_FILE, 'utf8');
    expect(committed === expected ? 'up to date' : 'drifted: run npm run console:api-types').toBe(
      'up to date',
    );
    // Sixteen commands, each on its own route (DraftApplication on POST /applications).
    expect(expected.match(/"path": "\/applications[^"]*"/g)).toHaveLength(16);
  });
});

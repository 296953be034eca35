import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

/**
 * The layer rules of eslint.config.js (run by `npm run lint`), proven on deliberately wrong imports: each
 * forbidden import in a file of that layer is an error, and an allowed one is not.
 */
describe('layer rules (eslint.config.js, checked by npm run lint)', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const restricted = async (file: string, from: string): Promise<string[]> => {
    const [result] = await eslint.lintText(`import { probe } from '${from}';\nexport const used = probe;\n`, {
      filePath: `${process.cwd()}/${file}`,
    });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it.each([
    ['libs/domain/src/probe.ts', '#platform', 'imports nothing else of ours'],
    ['libs/domain/src/probe.ts', 'node:fs', 'The domain is pure'],
    ['libs/event-store/src/probe.ts', '#domain', 'event-store may not import #domain'],
    ['libs/event-store/src/probe.ts', '#platform', 'event-store may not import #platform'],
    ['libs/event-store/src/probe.ts', '#projections', 'event-store may not import #projections'],
    ['libs/platform/src/probe.ts', '#workflow', 'platform may not import #workflow'],
    ['libs/platform/src/probe.ts', '#projections', 'platform may not import #projections'],
    ['libs/projections/src/probe.ts', '#workflow', 'projections may not import #workflow'],
    ['libs/projections/src/probe.ts', '#scheduling', 'projections may not import #scheduling'],
    ['libs/workflow/src/probe.ts', '#scheduling', 'workflow may not import #scheduling'],
    [
      'libs/scheduling/src/jobs/probe.ts',
      '../../../../apps/api/src/app.module.ts',
      'never imports an app or a script',
    ],
    [
      'libs/projections/src/rebuild/probe.spec.ts',
      '../../../../scripts/cli/projections-command.ts',
      'never imports an app or a script',
    ],
    [
      'libs/projections/src/testing/probe.ts',
      '../../../domain/src/applications/__fixtures__/application-histories.ts',
      'never by a relative path',
    ],
    ['apps/api/src/probe.ts', '../../worker/src/worker.module.ts', 'The api never imports the worker'],
    ['apps/api/src/probe.ts', '#simulation', 'The api never imports the simulation'],
    ['apps/worker/src/probe.ts', '../../api/src/app.module.ts', 'The worker never imports the api'],
    ['apps/console/src/probe.tsx', '#domain', 'The console uses the api over HTTP only'],
    [
      'apps/console/src/probe.ts',
      '../../api/src/auth/session-cookie.ts',
      'The console uses the api over HTTP only',
    ],
    // A unit test (*.spec.ts) needs nothing an integration or end-to-end test needs; the layer rules still hold.
    ['libs/platform/src/probe.spec.ts', 'pg', 'A unit test (*.spec.ts) needs no PostgreSQL'],
    ['libs/scheduling/src/probe.spec.ts', 'bullmq', 'A unit test (*.spec.ts) needs no PostgreSQL'],
    ['apps/api/src/probe.spec.ts', 'supertest', 'A unit test (*.spec.ts) needs no PostgreSQL'],
    ['test/lint/probe.spec.ts', 'node:child_process', 'A unit test (*.spec.ts) needs no PostgreSQL'],
    ['libs/projections/src/probe.spec.ts', './testing/projection-test-kit.ts', 'A unit test (*.spec.ts)'],
    ['libs/workflow/src/probe.spec.ts', '#projections-testing', 'A unit test (*.spec.ts)'],
    ['apps/api/src/probe.spec.ts', '../../../test/e2e/cases-app.ts', 'A unit test (*.spec.ts)'],
    ['test/lint/probe.spec.ts', '../support/event-store-targets.ts', 'A unit test (*.spec.ts)'],
    ['libs/domain/src/probe.spec.ts', '#platform', 'imports nothing else of ours'],
    ['libs/event-store/src/probe.spec.ts', '#platform', 'event-store may not import #platform'],
  ])('%s importing %s is an error', async (file, from, message) => {
    expect(await restricted(file, from)).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['libs/platform/src/probe.ts', '#event-store'],
    ['libs/projections/src/probe.ts', '#platform'],
    ['libs/scheduling/src/probe.ts', '#workflow'],
    ['libs/simulation/src/probe.ts', '#scheduling'],
    ['apps/api/src/probe.ts', '#scheduling'],
    ['libs/platform/src/probe.int.spec.ts', 'pg'],
    ['libs/projections/src/probe.int.spec.ts', './testing/projection-test-kit.ts'],
    ['test/integration/probe.int.spec.ts', '#projections-testing'],
    ['test/e2e/probe.e2e.spec.ts', 'supertest'],
    ['test/faults/probe.fault.spec.ts', 'node:child_process'],
    ['test/contract/probe.contract.spec.ts', '../support/event-store-targets.ts'],
    ['libs/domain/src/probe.spec.ts', '#domain-testing'],
  ])('%s importing %s is allowed', async (file, from) => {
    expect(await restricted(file, from)).toEqual([]);
  });

  const syntax = async (file: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: `${process.cwd()}/${file}` });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  };

  it.each([
    ['libs/platform/src/probe.spec.ts', 'export const url = process.env.DATABASE_URL;\n'],
    ['test/lint/probe.spec.ts', "export const url = process.env['REDIS_URL'];\n"],
  ])('%s reading %s is an error', async (file, code) => {
    expect(await syntax(file, code)).toEqual([expect.stringContaining('A unit test (*.spec.ts)')]);
  });

  it('a unit test of the domain still may not read the clock', async () => {
    expect(await syntax('libs/domain/src/probe.spec.ts', 'export const now = Date.now();\n')).toEqual([
      expect.stringContaining('never reads the clock'),
    ]);
  });

  it.each([
    ['libs/platform/src/probe.int.spec.ts', 'export const url = process.env.DATABASE_URL;\n'],
    ['test/e2e/probe.e2e.spec.ts', 'export const url = process.env.REDIS_URL;\n'],
  ])('%s may read the environment', async (file, code) => {
    expect(await syntax(file, code)).toEqual([]);
  });
});

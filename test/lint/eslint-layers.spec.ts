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
  ])('%s importing %s is an error', async (file, from, message) => {
    expect(await restricted(file, from)).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['libs/platform/src/probe.ts', '#event-store'],
    ['libs/projections/src/probe.ts', '#platform'],
    ['libs/scheduling/src/probe.ts', '#workflow'],
    ['libs/simulation/src/probe.ts', '#scheduling'],
    ['apps/api/src/probe.ts', '#scheduling'],
  ])('%s importing %s is allowed', async (file, from) => {
    expect(await restricted(file, from)).toEqual([]);
  });
});

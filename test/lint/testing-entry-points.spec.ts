import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Test helpers sit behind `#<lib>-testing` entry points (README, "Tests"), never in a production barrel:
 * no file of an app or a lib (its specs and helpers aside) imports or re-exports one.
 */
const root = process.cwd();
const imports = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    imports: Record<string, { source: string; default: string }>;
  }
).imports;
const testingEntries = Object.entries(imports).filter(([name]) => name.endsWith('-testing'));

/** A test helper: a testing entry, a file under testing/ or __fixtures__, or a testing-*.ts file. */
const isHelper = (path: string): boolean =>
  /(^|\/)(testing\.ts|testing-[^/]*\.ts)$|\/(testing|__fixtures__)\//.test(path);
const isSpec = (path: string): boolean => path.endsWith('.spec.ts');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every module a file imports or re-exports: `#name` as is, a relative path resolved from the root. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+'([^']+)'/g)].map(([, from]) =>
    from!.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), from!)) : from!,
  );
}

describe('test helpers behind testing entry points', () => {
  let moduleNameMapper: Record<string, string>;
  beforeAll(async () => {
    const config = (await import(join(root, 'jest.config.js'))) as {
      default: { moduleNameMapper: Record<string, string> };
    };
    moduleNameMapper = config.default.moduleNameMapper;
  });

  it.each(testingEntries)('%s has a source and a built entry, and Jest maps it', (name, entry) => {
    const lib = name.slice(1, -'-testing'.length);
    expect(entry).toEqual({
      source: `./libs/${lib}/src/testing.ts`,
      default: `./dist/libs/${lib}/src/testing.js`,
    });
    const mapped = Object.entries(moduleNameMapper).find(([pattern]) => new RegExp(pattern).test(name));
    expect(mapped && name.replace(new RegExp(mapped[0]), mapped[1])).toBe(
      `<rootDir>/libs/${lib}/src/testing.ts`,
    );
  });

  /** What the testing entries re-export (e.g. the domain's given-when-then) is a helper wherever it lives. */
  const exported = new Set(testingEntries.flatMap(([, entry]) => specifiers(entry.source.slice(2))));
  const isTestOnly = (path: string): boolean => isHelper(path) || exported.has(path);
  const production = [...sources('apps'), ...sources('libs')].filter(
    (file) => !isSpec(file) && !isTestOnly(file),
  );

  it('no production file imports or re-exports a test helper', () => {
    const offending = production.flatMap((file) =>
      specifiers(file)
        .filter((from) => testingEntries.some(([name]) => name === from) || isTestOnly(from))
        .map((from) => `${file} → ${from}`),
    );
    expect(production.length).toBeGreaterThan(100);
    expect(offending).toEqual([]);
  });
});

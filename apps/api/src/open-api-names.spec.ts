import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const API_SOURCES = fileURLToPath(new URL('.', import.meta.url));

/** Every class declared in the api's sources, with the file that declares it. */
function declaredClasses(): Array<{ name: string; file: string }> {
  return readdirSync(API_SOURCES, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .flatMap((file) =>
      [...readFileSync(join(API_SOURCES, file), 'utf8').matchAll(/^(?:export )?class (\w+)/gm)].map(
        (match) => ({ name: match[1] as string, file }),
      ),
    );
}

describe('the OpenAPI document’s schema names', () => {
  it('are unique: @nestjs/swagger names a schema after its class, so two DTO classes of one name become one schema', () => {
    // Given the classes of the api's sources
    const classes = declaredClasses();
    // When they are grouped by name
    const files = new Map<string, string[]>();
    for (const { name, file } of classes) files.set(name, [...(files.get(name) ?? []), file]);
    // Then no name is declared twice (the reports' hub tally once took the designations' shape this way)
    expect([...files].filter(([, where]) => where.length > 1)).toEqual([]);
    expect(classes.length).toBeGreaterThan(50);
  });
});

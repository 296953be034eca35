import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { IsOmittable } from './is-omittable.ts';
import { createValidationPipe } from './request-validation.ts';

type DtoClass = new () => object;

/** Every exported class of apps/api/src/**\/*.dto.ts with validation rules, and its rules. */
async function requestDtos(): Promise<Array<{ dto: DtoClass; required: string[] }>> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.dto.ts'));
  const found = new Map<DtoClass, string[]>();
  for (const file of files) {
    const exports = (await import(join(root, file))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function') continue;
      const dto = value as DtoClass;
      const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
      if (rules.length === 0) continue;
      const properties = [...new Set(rules.map((rule) => rule.propertyName))];
      // IsOptional() and IsOmittable() (ValidateIf) are conditional rules: without one, a property is required.
      const optional = new Set(
        rules.filter((rule) => rule.type === 'conditionalValidation').map((rule) => rule.propertyName),
      );
      found.set(
        dto,
        properties.filter((p) => !optional.has(p)),
      );
    }
  }
  return [...found].map(([dto, required]) => ({ dto, required }));
}

describe('request DTOs', () => {
  it('refuse every required property when it is missing (a nested object too: `facts` once passed)', async () => {
    const dtos = await requestDtos();
    expect(dtos.map(({ dto }) => dto.name)).toEqual(
      expect.arrayContaining(['StartReviewDto', 'ReviewFactsDto', 'RecommendDto', 'DraftApplicationDto']),
    );
    for (const { dto, required } of dtos) {
      const errors = await validate(plainToInstance(dto, {}) as object);
      expect([dto.name, errors.map((e) => e.property).sort()]).toEqual([dto.name, [...required].sort()]);
    }
  });

  it('IsOmittable: left out is fine, null is refused by name with its own reason', async () => {
    class Probe {
      @IsOmittable()
      readonly note?: string;
    }
    const pipe = createValidationPipe();
    const metadata = { type: 'body', metatype: Probe } as const;
    await expect(pipe.transform({}, metadata)).resolves.toBeInstanceOf(Probe);
    await expect(pipe.transform({ note: null }, metadata)).rejects.toMatchObject({
      response: {
        error: 'VALIDATION_FAILED',
        errors: [{ field: 'note', value: null, reason: 'note may be left out, but not sent as null' }],
      },
    });
  });
});

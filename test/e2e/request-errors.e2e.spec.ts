import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Body, Controller, Get, Param, Post, Query, type INestApplication } from '@nestjs/common';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  getMetadataStorage,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  Min,
  validate,
  ValidateNested,
} from 'class-validator';
import request from 'supertest';
import { DOMAIN_ERROR_CLASSES, DomainError, IllegalTransitionError, type DomainErrorCode } from '#domain';
import { WrongExpectedRevisionError } from '#event-store';
import { Roles } from '../../apps/api/src/auth/access.decorators.ts';
import {
  FIRST_REQUEST_FISCAL_YEAR,
  IsFiscalYearParam,
  LAST_REQUEST_FISCAL_YEAR,
} from '../../apps/api/src/validation/fiscal-year-field.ts';
import { appWith, bearer } from './access-app.ts';

class StaffDto {
  @ApiProperty()
  @IsString()
  readonly name!: string;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  readonly trainingHours!: number;
}

class ApplicationDto {
  @ApiProperty({ example: '131016' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be 6 digits' })
  readonly municipalityCode!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  readonly requestedYen!: number;

  @ApiProperty({ type: [StaffDto] })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => StaffDto)
  readonly staff!: StaffDto[];
}

/** Three constraints on one field, like the DTOs' required reasons. */
class RejectionDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  readonly reason!: string;
}

class YearQueryDto {
  @ApiProperty()
  @IsFiscalYearParam()
  readonly fiscalYear!: number;
}

@Controller('probe/applications')
@Roles('caseworker')
class ApplicationsProbeController {
  @Post()
  submit(@Body() application: ApplicationDto): object {
    return { received: application, isDto: application instanceof ApplicationDto };
  }

  @Post('rejection')
  reject(@Body() rejection: RejectionDto): object {
    return { received: rejection };
  }

  @Get('year')
  year(@Query() query: YearQueryDto): object {
    return { received: query };
  }

  @Post('refused/:code')
  refuse(@Param('code') code: string): never {
    if (code === 'ILLEGAL_TRANSITION')
      throw new IllegalTransitionError('DecideGrant', 'Submitted', ['StartReview', 'WithdrawApplication']);
    if (code === 'WRONG_EXPECTED_REVISION')
      throw new WrongExpectedRevisionError('application-2026-0001', 3, 5);
    throw new DomainError(code as DomainErrorCode, {
      field: 'requestedYen',
      value: 12_000_001,
      reason: 'above the programme ceiling',
      expected: 'at most 12,000,000 yen',
    });
  }
}

describe('request validation and error mapping (AppModule + a test controller)', () => {
  let app: INestApplication;
  let token: string;
  beforeAll(async () => {
    app = await appWith([ApplicationsProbeController]);
    token = await bearer({ sub: 'staff-0001', role: 'caseworker' });
  });
  afterAll(async () => app?.close());
  const post = (path: string, body: unknown) =>
    request(app.getHttpServer())
      .post(path)
      .set('Authorization', token)
      .send(body as object);

  const valid = {
    municipalityCode: '131016',
    requestedYen: 500_000,
    staff: [{ name: 'A', trainingHours: 3 }],
  };

  it('passes a valid body to the handler as an instance of the DTO', async () => {
    const { body } = await post('/probe/applications', valid).expect(201);
    expect(body).toEqual({ received: valid, isDto: true });
  });

  it('400 VALIDATION_FAILED naming every bad field with its value and reason, nested ones by path', async () => {
    const { body } = await post('/probe/applications', {
      municipalityCode: '13101',
      requestedYen: 0,
      staff: [
        { name: 'A', trainingHours: 1 },
        { name: 7, trainingHours: -1 },
      ],
    }).expect(400);
    expect(body.error).toBe('VALIDATION_FAILED');
    expect(body.message).toBe(
      '4 invalid fields: municipalityCode, requestedYen, staff[1].name, staff[1].trainingHours',
    );
    expect(body.errors).toEqual([
      { field: 'municipalityCode', value: '13101', reason: 'municipalityCode must be 6 digits' },
      { field: 'requestedYen', value: 0, reason: 'requestedYen must not be less than 1' },
      { field: 'staff[1].name', value: 7, reason: 'name must be a string' },
      { field: 'staff[1].trainingHours', value: -1, reason: 'trainingHours must not be less than 0' },
    ]);
  });

  it('names unknown properties, nested ones too, and refuses them', async () => {
    const { body } = await post('/probe/applications', {
      ...valid,
      approvedBy: 'me',
      staff: [{ name: 'A', trainingHours: 3, salary: 1 }],
    }).expect(400);
    expect(body.errors).toEqual([
      { field: 'approvedBy', value: 'me', reason: 'unknown property: this endpoint does not accept it' },
      { field: 'staff[0].salary', value: 1, reason: 'unknown property: this endpoint does not accept it' },
    ]);
  });

  it('lists every missing required field once, its value stated as null and the reason "is required"', async () => {
    const { body } = await post('/probe/applications', {}).expect(400);
    expect(body.message).toBe('3 invalid fields: municipalityCode, requestedYen, staff');
    expect(body.errors).toEqual([
      { field: 'municipalityCode', value: null, reason: 'municipalityCode is required' },
      { field: 'requestedYen', value: null, reason: 'requestedYen is required' },
      { field: 'staff', value: null, reason: 'staff is required' },
    ]);
    const rejection = await post('/probe/applications/rejection', {}).expect(400);
    expect(rejection.body.errors).toEqual([{ field: 'reason', value: null, reason: 'reason is required' }]);
  });

  it('a field sent as null is required too, and named with "value": null in the JSON', async () => {
    const response = await post('/probe/applications', {
      ...valid,
      requestedYen: null,
      staff: [{ name: 'A' }, { name: null, trainingHours: 1 }],
    }).expect(400);
    expect(response.text).toContain('"value":null');
    expect(response.body.errors).toEqual([
      { field: 'requestedYen', value: null, reason: 'requestedYen is required' },
      { field: 'staff[0].trainingHours', value: null, reason: 'trainingHours is required' },
      { field: 'staff[1].name', value: null, reason: 'name is required' },
    ]);
  });

  it('a value breaking several constraints gets the single most relevant one: its kind, then emptiness, then form', async () => {
    const cases: Array<[unknown, string]> = [
      [7, 'reason must be a string'],
      ['', 'reason should not be empty'],
      ['much too long', 'reason must be shorter than or equal to 5 characters'],
    ];
    for (const [value, reason] of cases) {
      const { body } = await post('/probe/applications/rejection', { reason: value }).expect(400);
      expect(body.errors).toEqual([{ field: 'reason', value, reason }]);
    }
    const { body } = await post('/probe/applications', {
      ...valid,
      municipalityCode: 131016,
      requestedYen: 'many',
      staff: [],
    }).expect(400);
    expect(body.errors).toEqual([
      { field: 'municipalityCode', value: 131016, reason: 'municipalityCode must be a string' },
      { field: 'requestedYen', value: 'many', reason: 'requestedYen must be an integer number' },
      { field: 'staff', value: [], reason: 'staff must contain at least 1 elements' },
    ]);
  });

  it('a query value converted for the handler is reported as it was sent, with the bound it breaks', async () => {
    const get = (query: string) =>
      request(app.getHttpServer()).get(`/probe/applications/year${query}`).set('Authorization', token);
    expect((await get('?fiscalYear=abc').expect(400)).body.errors).toEqual([
      { field: 'fiscalYear', value: 'abc', reason: 'fiscalYear must be an integer number' },
    ]);
    expect((await get('?fiscalYear=10000').expect(400)).body.errors).toEqual([
      { field: 'fiscalYear', value: '10000', reason: 'fiscalYear must be a fiscal year from 1989 to 9999' },
    ]);
    expect((await get('').expect(400)).body.errors).toEqual([
      { field: 'fiscalYear', value: null, reason: 'fiscalYear is required' },
    ]);
    expect((await get('?fiscalYear=9999').expect(200)).body).toEqual({ received: { fiscalYear: 9999 } });
  });

  it('refuses a body that is not a JSON object', async () => {
    const { body } = await post('/probe/applications', [1, 2]).expect(400);
    expect(body).toEqual({
      error: 'VALIDATION_FAILED',
      message: '1 invalid field: (body)',
      errors: [{ field: '(body)', value: [1, 2], reason: 'expected a JSON object' }],
    });
  });

  it('ILLEGAL_TRANSITION → 409 with the stage and the commands it allows', async () => {
    const { body } = await post('/probe/applications/refused/ILLEGAL_TRANSITION', {}).expect(409);
    expect(body).toEqual({
      error: 'ILLEGAL_TRANSITION',
      message: expect.stringContaining('DecideGrant is not allowed in stage Submitted'),
      field: 'stage',
      value: 'Submitted',
      reason: 'DecideGrant is not allowed in stage Submitted',
      expected: 'one of the commands allowed in Submitted: StartReview, WithdrawApplication',
      stage: 'Submitted',
      allowedCommands: ['StartReview', 'WithdrawApplication'],
    });
  });

  it('every domain code gets the status of its class in the domain table (400, 409, 403, 422)', async () => {
    const statusOf = { invalid: 400, conflict: 409, forbidden: 403, unprocessable: 422 } as const;
    for (const [code, errorClass] of Object.entries(DOMAIN_ERROR_CLASSES)) {
      const { body } = await post(`/probe/applications/refused/${code}`, {}).expect(statusOf[errorClass]);
      expect(body.error).toBe(code);
    }
    // A code the table does not know (a newer domain) is a 422.
    await post('/probe/applications/refused/SOMETHING_NEW', {}).expect(422);
  });

  it('a domain rule refusal → 422 with field, value, reason and expected', async () => {
    const { body } = await post('/probe/applications/refused/INVALID_AMOUNT_INPUT', {}).expect(422);
    expect(body).toEqual({
      error: 'INVALID_AMOUNT_INPUT',
      message: expect.stringContaining('above the programme ceiling'),
      field: 'requestedYen',
      value: 12_000_001,
      reason: 'above the programme ceiling',
      expected: 'at most 12,000,000 yen',
    });
  });

  it.each(['FOUR_EYES_VIOLATION', 'OUT_OF_SCOPE'])('%s → 403 with the details', async (code) => {
    const { body } = await post(`/probe/applications/refused/${code}`, {}).expect(403);
    expect(body).toMatchObject({ error: code, field: 'requestedYen', reason: 'above the programme ceiling' });
  });

  it('still maps EventStoreError: a revision conflict is a 409', async () => {
    const { body } = await post('/probe/applications/refused/WRONG_EXPECTED_REVISION', {}).expect(409);
    expect(body.error).toBe('WRONG_EXPECTED_REVISION');
  });

  it('the DTOs also describe the body in OpenAPI', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    expect(document.paths['/probe/applications']?.post?.requestBody).toBeDefined();
    expect(document.components?.schemas?.ApplicationDto).toMatchObject({
      required: expect.arrayContaining(['municipalityCode', 'requestedYen', 'staff']),
    });
  });

  it('every request DTO with a fiscal year accepts 1989 to 9999 and refuses 1988 and 10000 naming the bound', async () => {
    const withFiscalYear = await requestDtosWithFiscalYear();
    expect(withFiscalYear.map((dto) => dto.name)).toEqual(
      expect.arrayContaining([
        'DraftApplicationDto',
        'OfferTrainingDto',
        'ObligationsQueryDto',
        'OpenRoundDto',
      ]),
    );
    for (const dto of withFiscalYear) {
      const asString = fiscalYearIsDecimalString(dto);
      const errorsFor = async (year: number) => {
        const plain = { fiscalYear: asString ? String(year) : year };
        const errors = await validate(plainToInstance(dto, plain) as object);
        return errors
          .filter((e) => e.property === 'fiscalYear')
          .flatMap((e) => Object.values(e.constraints ?? {}));
      };
      for (const year of [FIRST_REQUEST_FISCAL_YEAR, 2201, 3000, LAST_REQUEST_FISCAL_YEAR])
        expect([dto.name, year, await errorsFor(year)]).toEqual([dto.name, year, []]);
      for (const year of [FIRST_REQUEST_FISCAL_YEAR - 1, LAST_REQUEST_FISCAL_YEAR + 1]) {
        const [message, ...more] = await errorsFor(year);
        expect([dto.name, year, more]).toEqual([dto.name, year, []]);
        expect(message).toContain(`${FIRST_REQUEST_FISCAL_YEAR} to ${LAST_REQUEST_FISCAL_YEAR}`);
      }
    }
  });
});

type DtoClass = new () => object;

/** The exported classes of apps/api/src/**\/*.dto.ts that validate a `fiscalYear` property. */
async function requestDtosWithFiscalYear(): Promise<DtoClass[]> {
  const root = fileURLToPath(new URL('../../apps/api/src', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.dto.ts'));
  const classes = new Set<DtoClass>();
  for (const file of files) {
    const exports = (await import(join(root, file))) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function') continue;
      const dto = value as DtoClass;
      const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
      if (rules.some((rule) => rule.propertyName === 'fiscalYear')) classes.add(dto);
    }
  }
  return [...classes];
}

/** Query DTOs that keep the year as its decimal digits (IsDecimalInRange) take it as a string. */
function fiscalYearIsDecimalString(dto: DtoClass): boolean {
  return getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .some((rule) => rule.propertyName === 'fiscalYear' && rule.name === 'isDecimalInRange');
}

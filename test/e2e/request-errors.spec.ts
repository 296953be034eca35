import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Param, Post, type INestApplication } from '@nestjs/common';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsInt, IsString, Matches, Min, ValidateNested } from 'class-validator';
import request from 'supertest';
import { DOMAIN_ERROR_CLASSES, DomainError, IllegalTransitionError, type DomainErrorCode } from '#domain';
import { WrongExpectedRevisionError } from '#event-store';
import { Roles } from '../../apps/api/src/auth/access.decorators.ts';
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

@Controller('probe/applications')
@Roles('caseworker')
class ApplicationsProbeController {
  @Post()
  submit(@Body() application: ApplicationDto): object {
    return { received: application, isDto: application instanceof ApplicationDto };
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

  it('lists missing required fields', async () => {
    const { body } = await post('/probe/applications', {}).expect(400);
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['municipalityCode', 'requestedYen', 'staff']),
    );
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

  it('every domain code gets the status of its class in the domain table (409, 403, 422)', async () => {
    const statusOf = { conflict: 409, forbidden: 403, unprocessable: 422 } as const;
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
});

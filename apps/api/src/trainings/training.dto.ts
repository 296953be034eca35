import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, Matches, ValidateNested } from 'class-validator';
import { TRAINING_COURSES } from '#domain';
import {
  CALENDAR_DATE,
  CLIENT_ID,
  CLIENT_ID_MESSAGE,
  ReasonDto,
  RequiredReasonDto,
} from '../commands/command-dto.ts';
import { IsFiscalYear, IsFiscalYearParam } from '../validation/fiscal-year-field.ts';
import { IsOmittable } from '../validation/is-omittable.ts';

const COURSE_IDS = Object.keys(TRAINING_COURSES);

export class OfferingParamsDto {
  @ApiProperty({ example: 'common-2015' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly offeringId!: string;
}

export class SessionDateDto {
  @ApiProperty({ example: 'course' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly sessionId!: string;

  @ApiProperty({ example: '2015-09-10' })
  @Matches(CALENDAR_DATE, { message: '$property must be a date YYYY-MM-DD' })
  readonly date!: string;
}

export class OfferTrainingDto extends ReasonDto {
  @ApiPropertyOptional({ description: 'The offering id; a new one when absent', example: 'common-2015' })
  @IsOmittable()
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly offeringId?: string;

  @ApiProperty({ enum: COURSE_IDS, example: 'common' })
  @IsIn(COURSE_IDS)
  readonly courseId!: string;

  @ApiProperty({ example: 2015 })
  @IsFiscalYear()
  readonly fiscalYear!: number;

  @ApiProperty({ type: [SessionDateDto], description: 'A date for every session of the course' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SessionDateDto)
  readonly sessions!: SessionDateDto[];
}

/** A participant: a pseudonymous person id (never a name) and, on enrolment, the employing institution. */
export class PersonDto extends ReasonDto {
  @ApiProperty({ description: 'Pseudonymous person id', example: 'nurse-7' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly personId!: string;
}

export class EnrollParticipantDto extends PersonDto {
  @ApiProperty({ example: 'hosp-1' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly institutionId!: string;
}

export class RecordAttendanceDto extends PersonDto {
  @ApiProperty({ example: 'course' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly sessionId!: string;
}

export class WithdrawEnrollmentDto extends RequiredReasonDto {
  @ApiProperty({ description: 'Pseudonymous person id', example: 'nurse-7' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly personId!: string;
}

export class ObligationsQueryDto {
  @ApiProperty({ example: 'hosp-1' })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  readonly institutionId!: string;

  @ApiProperty({ example: 2016 })
  @IsFiscalYearParam()
  readonly fiscalYear!: number;
}

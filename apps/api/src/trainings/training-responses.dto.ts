import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LabelDto, TrainingObligationDto } from '../read-models/read-model-responses.dto.ts';

/** OpenAPI shapes of the trainings answers (the controller returns plain objects of these shapes). */
class OfferedSessionDto {
  @ApiProperty({ example: 'lecture-1' }) readonly sessionId!: string;
  @ApiProperty({ type: LabelDto }) readonly name!: LabelDto;
  @ApiProperty({ enum: ['lecture', 'practicum', 'actionPlan', 'course'] }) readonly kind!: string;
  @ApiProperty({ description: 'Completion needs every required session attended' })
  readonly required!: boolean;
  @ApiProperty({ example: '2016-09-10' }) readonly date!: string;
}

class EnrollmentDto {
  @ApiProperty({ description: 'Pseudonymous person id', example: 'nurse-7' }) readonly personId!: string;
  @ApiProperty({ example: 'hosp-1' }) readonly institutionId!: string;
  @ApiProperty({ enum: ['enrolled', 'completed', 'withdrawn'] })
  readonly status!: 'enrolled' | 'completed' | 'withdrawn';
  @ApiProperty({ type: [String], description: 'Session ids attended' }) readonly attended!: readonly string[];
  @ApiPropertyOptional({ example: '2016-10-05' }) readonly completedOn?: string;
}

class TrainingOfferingStateDto {
  @ApiProperty({ enum: ['NotOffered', 'Offered'] }) readonly stage!: 'NotOffered' | 'Offered';
  @ApiPropertyOptional() readonly offeringId?: string;
  @ApiPropertyOptional({ example: 'common' }) readonly courseId?: string;
  @ApiPropertyOptional() readonly fiscalYear?: number;
  @ApiProperty({ type: [OfferedSessionDto] }) readonly sessions!: readonly OfferedSessionDto[];
  @ApiProperty({ type: [EnrollmentDto] }) readonly enrollments!: readonly EnrollmentDto[];
}

export class TrainingOfferingDto {
  @ApiProperty({ example: 'common-2016' }) readonly offeringId!: string;
  @ApiProperty({ type: LabelDto, description: 'The course name (研修名)' }) readonly courseName!: LabelDto;
  @ApiProperty({ type: [String], example: ['EnrollParticipant', 'RecordAttendance'] })
  readonly allowedCommands!: readonly string[];
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string', enum: ['no_stream'] }] })
  readonly revision!: number | 'no_stream';
  @ApiProperty() readonly position!: string;
  @ApiProperty({ type: TrainingOfferingStateDto }) readonly state!: TrainingOfferingStateDto;
}

class TrainingCompletionFactDto {
  @ApiProperty({ description: 'Pseudonymous person id' }) readonly personId!: string;
  @ApiProperty({ example: 'dischargeSupportBasic' }) readonly course!: string;
  @ApiProperty({ example: 2016 }) readonly fiscalYear!: number;
}

export class TrainingObligationsDto {
  @ApiProperty({ example: 'hosp-1' }) readonly institutionId!: string;
  @ApiProperty({ example: 2017 }) readonly fiscalYear!: number;
  @ApiProperty({ type: [TrainingCompletionFactDto] })
  readonly completions!: readonly TrainingCompletionFactDto[];
  @ApiProperty({
    type: [TrainingObligationDto],
    description: '③修了者は翌年度②を受講すること: open or missed duties as of the fiscal year',
  })
  readonly obligations!: readonly TrainingObligationDto[];
}

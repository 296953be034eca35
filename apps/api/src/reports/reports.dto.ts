import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { APPLICATION_STAGES, type ApplicationStage } from '#domain';
import { AsOfQueryDto } from '../as-of/as-of-query.dto.ts';
import { IsFiscalYearDecimal } from '../validation/fiscal-year-field.ts';
import { ReportFormatQueryDto } from './export/report-format.ts';

/** `?format=` and, optionally, `?at=` or `?position=` (the log as it stood then; neither: now). */
export class ReportQueryDto extends IntersectionType(ReportFormatQueryDto, AsOfQueryDto) {}

export class BudgetExecutionQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    description: '年度 (the Western year it starts in); all years when absent',
    example: '2016',
  })
  @IsOptional()
  @IsFiscalYearDecimal()
  readonly fiscalYear?: string;

  @ApiPropertyOptional({
    description: '補助事業; every programme when absent',
    example: 'transition-support',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly programId?: string;
}

export class BudgetExecutionCasesQueryDto extends BudgetExecutionQueryDto {
  @ApiPropertyOptional({ enum: APPLICATION_STAGES, description: 'Only the cases in this stage' })
  @IsOptional()
  @IsIn(APPLICATION_STAGES)
  readonly stage?: ApplicationStage;
}

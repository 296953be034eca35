import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { FiscalYearParams } from '../designations/designation.dto.ts';
import { IsOmittable } from '../validation/is-omittable.ts';
import { IsFiscalYearParam } from '../validation/fiscal-year-field.ts';

const ID = /^[A-Za-z0-9._:-]{1,100}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ProposalParams extends FiscalYearParams {
  @ApiProperty({ example: '2026-1', description: '提案番号 (the fiscal year and a sequence)' })
  @Matches(ID)
  proposalId!: string;
}

export class ProgramParams {
  @ApiProperty({ example: 'home-care-environment' }) @Matches(ID) programId!: string;
}

export class WithdrawProposalDto {
  @ApiProperty({ example: '基準額の誤記のため取下げ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class CatalogueQueryDto {
  @ApiPropertyOptional({
    example: 2026,
    description: '年度: the rules in force for this fiscal year, as released so far',
  })
  @IsOmittable()
  @IsFiscalYearParam()
  fiscalYear?: number;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'The rules in force on this date (its fiscal year) as released by the end of that day',
  })
  @IsOmittable()
  @Matches(ISO_DATE, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;
}

export class DiffQueryDto {
  @ApiProperty({ example: 'H29', description: 'The version compared from' })
  @Matches(ID)
  from!: string;

  @ApiProperty({ example: 'R8', description: 'The version compared to' })
  @Matches(ID)
  to!: string;
}

/** The document a CSV table is taken from (the table itself carries only the programme versions). */
export class CsvSourceQueryDto {
  @ApiProperty({ example: '令和8年度 東京都在宅療養推進事業補助金交付要綱' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiProperty({ example: '2026-04-01' })
  @Matches(ISO_DATE, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ example: '別表第1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  section!: string;
}

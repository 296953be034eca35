import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsDecimalInRange } from '../history/query-validators.ts';

/**
 * The fiscal years (年度, named by the Western year they start in) a request may name, the same in every
 * DTO: from FY1989 (平成元年度, the first era the catalogue and the era labels of requests use) to FY9999,
 * the upper bound of the domain's fiscalYear(). A year the domain then refuses for its own rules (a
 * programme not in force, a year past the calendar's end) is a 422, not a 400.
 */
export const FIRST_REQUEST_FISCAL_YEAR = 1989;
export const LAST_REQUEST_FISCAL_YEAR = 9999;

const RANGE_MESSAGE = `$property must be a fiscal year from ${FIRST_REQUEST_FISCAL_YEAR} to ${LAST_REQUEST_FISCAL_YEAR}`;

/** A fiscal year in a JSON body: an integer in the range. */
export function IsFiscalYear(): PropertyDecorator {
  return applyDecorators(
    IsInt(),
    Min(FIRST_REQUEST_FISCAL_YEAR, { message: RANGE_MESSAGE }),
    Max(LAST_REQUEST_FISCAL_YEAR, { message: RANGE_MESSAGE }),
  );
}

/** A fiscal year in a path or query string, converted to a number for the handler. */
export function IsFiscalYearParam(): PropertyDecorator {
  return applyDecorators(
    Type(() => Number),
    IsFiscalYear(),
  );
}

/** A fiscal year in a path or query string kept as its decimal digits. */
export function IsFiscalYearDecimal(): PropertyDecorator {
  return IsDecimalInRange(
    BigInt(FIRST_REQUEST_FISCAL_YEAR),
    BigInt(LAST_REQUEST_FISCAL_YEAR),
    'a fiscal year',
  );
}

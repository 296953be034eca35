import type { AsOf } from '#workflow';
import type { AsOfQueryDto } from '../as-of/as-of-query.dto.ts';
import { parseInstant } from '../history/query-validators.ts';
import { RequestValidationException } from '../validation/request-validation.ts';

/** A report's `?at=` or `?position=`, as the as-of routes take them; neither: the log as it is now. */
export type ReportAsOfQuery = Pick<AsOfQueryDto, 'at' | 'position'>;

/** The point to replay up to (none: everything) and how the answer names it; both at once is a 400. */
export function asOfOfReportQuery(query: ReportAsOfQuery): {
  readonly asOf: AsOf | undefined;
  readonly point: { readonly at?: string; readonly position?: string } | null;
} {
  if (query.at !== undefined && query.position !== undefined) {
    throw new RequestValidationException([
      { field: 'position', value: query.position, reason: 'give either at or position, not both' },
    ]);
  }
  if (query.at !== undefined) return { asOf: { at: parseInstant(query.at)! }, point: { at: query.at } };
  if (query.position !== undefined) {
    return { asOf: { position: BigInt(query.position) }, point: { position: query.position } };
  }
  return { asOf: undefined, point: null };
}

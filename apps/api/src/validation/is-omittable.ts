import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidateIf } from 'class-validator';

/** The constraint a null sent for an omittable field breaks (request-validation.ts reports it first). */
export const NOT_NULL_WHEN_SENT = 'notNullWhenSent';

/**
 * An optional body field: it may be left out, but when it is sent, even as null, it is validated.
 * class-validator's IsOptional() also lets null through, which handlers then read as a value (a null
 * calendar date reached `.split`). Query DTOs keep IsOptional(): a query value is never null.
 */
export function IsOmittable(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    ValidateBy({
      name: NOT_NULL_WHEN_SENT,
      validator: {
        validate: (value) => value !== null,
        defaultMessage: () => '$property may be left out, but not sent as null',
      },
    }),
  );
}

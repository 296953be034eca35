import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ApiException } from '../errors/api-exception.ts';

/** One refused field: its path in the request (`items[0].name`), what was sent, and why it was refused. */
export interface FieldError {
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
}

/** 400 `{ error: 'VALIDATION_FAILED', message, errors: [{ field, value, reason }] }`, every bad field listed. */
export class RequestValidationException extends ApiException {
  constructor(readonly errors: readonly FieldError[]) {
    const fields = [...new Set(errors.map((e) => e.field))];
    super(
      HttpStatus.BAD_REQUEST,
      'VALIDATION_FAILED',
      `${fields.length} invalid ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}`,
      { errors },
    );
  }
}

/** class-validator's own words, except for the two constraints whose wording misleads a caller. */
const REASONS: Readonly<Record<string, string>> = {
  whitelistValidation: 'unknown property: this endpoint does not accept it',
  unknownValue: 'expected a JSON object',
};

/** Flattens class-validator's tree (nested objects, array items) into one error per field. */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field: field || '(body)',
      value: error.value,
      reason: REASONS[constraint] ?? message,
    }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (property === '' || property === undefined) return parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

const NOT_DTOS: ReadonlySet<unknown> = new Set([Object, Array, String, Number, Boolean]);

/** ValidationPipe, except that a body typed with a DTO class must be a JSON object (not an array). */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto =
      metadata.type === 'body' && metadata.metatype !== undefined && !NOT_DTOS.has(metadata.metatype);
    if (dto && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new RequestValidationException([
        { field: '(body)', value, reason: REASONS.unknownValue as string },
      ]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The global pipe: DTO classes with class-validator decorators; properties without a decorator are
 * refused by name (whitelist + forbidNonWhitelisted); the handler gets an instance of the DTO class.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => new RequestValidationException(fieldErrors(errors)),
  });
}

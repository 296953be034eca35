import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ApiException } from '../errors/api-exception.ts';
import { NOT_NULL_WHEN_SENT } from './is-omittable.ts';

/**
 * One refused field: its path in the request (`items[0].name`), what was sent (`null` when it was
 * missing or null), and why it was refused.
 */
export interface FieldError {
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
}

/** 400 `{ error: 'VALIDATION_FAILED', message, errors: [{ field, value, reason }] }`, every bad field listed. */
export class RequestValidationException extends ApiException {
  constructor(errors: readonly FieldError[]) {
    // JSON drops undefined: a missing value is stated as null, never left out.
    const stated = errors.map(({ field, value, reason }) => ({ field, value: value ?? null, reason }));
    const fields = [...new Set(stated.map((e) => e.field))];
    super(
      HttpStatus.BAD_REQUEST,
      'VALIDATION_FAILED',
      `${fields.length} invalid ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}`,
      { errors: stated },
    );
  }
}

/** class-validator's own words, except for the two constraints whose wording misleads a caller. */
const REASONS: Readonly<Record<string, string>> = {
  whitelistValidation: 'unknown property: this endpoint does not accept it',
  unknownValue: 'expected a JSON object',
};

/**
 * When a value breaks several constraints, the one that says most: the kind of value expected before
 * its emptiness, and that before its form, length or range (a number sent for a 6-digit code is told
 * it must be a string, not also that it does not match and is too long). Others keep their order.
 */
const FIRST_REPORTED: readonly string[] = [
  'whitelistValidation',
  NOT_NULL_WHEN_SENT,
  'unknownValue',
  'nestedValidation',
  'isObject',
  'isArray',
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
  'isEnum',
  'isIn',
  'isDateString',
  'isISO8601',
  'isNotEmpty',
  'arrayNotEmpty',
];

function mostRelevant(constraints: Readonly<Record<string, string>>): [string, string] {
  const entries = Object.entries(constraints);
  const rank = ([name]: [string, string]) => {
    const index = FIRST_REPORTED.indexOf(name);
    return index < 0 ? FIRST_REPORTED.length : index;
  };
  return entries.reduce((best, entry) => (rank(entry) < rank(best) ? entry : best));
}

/**
 * Flattens class-validator's tree (nested objects, array items) into one error per field: a missing
 * (or null) value is "<property> is required", whatever else it breaks; a present one gets its most
 * relevant constraint. `raw`, the request part as sent, gives the values (before any @Type conversion).
 */
export function fieldErrors(errors: readonly ValidationError[], raw?: unknown, parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const value = raw === undefined ? error.value : valueAt(raw, error.property);
    const constraints = error.constraints ?? {};
    const own: FieldError[] = [];
    if (Object.keys(constraints).length > 0) {
      const [constraint, message] = mostRelevant(constraints);
      const missing = value === undefined || value === null;
      own.push({
        field: field || '(body)',
        value,
        reason:
          missing && constraint !== 'whitelistValidation' && constraint !== NOT_NULL_WHEN_SENT && field !== ''
            ? `${error.property} is required`
            : (REASONS[constraint] ?? message),
      });
    }
    const children = raw === undefined ? undefined : (value ?? {});
    return [...own, ...fieldErrors(error.children ?? [], children, field)];
  });
}

function valueAt(container: unknown, property: string): unknown {
  if (property === '' || property === undefined) return container;
  if (typeof container !== 'object' || container === null) return undefined;
  return (container as Record<string, unknown>)[property];
}

function joinPath(parent: string, property: string): string {
  if (property === '' || property === undefined) return parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** What the pipe's exceptionFactory throws, for transform to name the values as they were sent. */
class InvalidRequest extends Error {
  constructor(readonly errors: readonly ValidationError[]) {
    super('invalid request');
  }
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
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof InvalidRequest)
        throw new RequestValidationException(fieldErrors(error.errors, value));
      throw error;
    }
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
    exceptionFactory: (errors) => new InvalidRequest(errors),
  });
}

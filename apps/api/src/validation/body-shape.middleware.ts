import { HttpStatus, Injectable, type NestMiddleware } from '@nestjs/common';
import { ApiException } from '../errors/api-exception.ts';
import { RequestValidationException, type FieldError } from './request-validation.ts';

/**
 * The deepest nesting of arrays and objects a request body may have. The deepest DTO nests 4 levels
 * (a review's facts.applicant.…); class-transformer, class-validator and JSON.stringify recurse, and a
 * body thousands of levels deep (15 KB, far under the size limit) would exhaust their stack.
 */
export const MAX_BODY_DEPTH = 32;

/** Keys that name JavaScript's object machinery rather than data: refused anywhere in a body or query. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const UNKNOWN_PROPERTY = 'unknown property: this endpoint does not accept it';

/** 400 BODY_TOO_DEEP, naming where the body passed the limit. */
export class BodyTooDeepException extends ApiException {
  constructor(field: string) {
    super(
      HttpStatus.BAD_REQUEST,
      'BODY_TOO_DEEP',
      `the body nests arrays or objects more than ${MAX_BODY_DEPTH} levels deep at ${field}`,
      { field, reason: `nested more than ${MAX_BODY_DEPTH} levels deep`, maxDepth: MAX_BODY_DEPTH },
    );
  }
}

/**
 * Walks a parsed body (or query) without recursion: throws BodyTooDeepException at the first value
 * deeper than MAX_BODY_DEPTH, then a RequestValidationException naming every `__proto__`,
 * `constructor` or `prototype` key, like any other unknown property, and every string (or key) with
 * a NUL or a lone surrogate.
 */
export function assertBodyShape(value: unknown, root = ''): void {
  const forbidden: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const reason = textProblem(current);
      if (reason !== undefined) forbidden.push({ field: fieldName(path), value: current, reason });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_BODY_DEPTH) throw new BodyTooDeepException(shortened(fieldName(path)));
    if (Array.isArray(current)) {
      current.forEach((item, index) =>
        stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
      continue;
    }
    for (const key of Object.keys(current)) {
      const field = path ? `${path}.${key}` : key;
      const item = (current as Record<string, unknown>)[key];
      if (FORBIDDEN_KEYS.has(key)) forbidden.push({ field, value: item, reason: UNKNOWN_PROPERTY });
      const keyProblem = textProblem(key);
      if (keyProblem !== undefined) forbidden.push({ field, value: item, reason: `its name ${keyProblem}` });
      // A refused value is walked too: the answer names it, so it must be shallow enough to send.
      stack.push({ value: item, path: field, depth: depth + 1 });
    }
  }
  if (forbidden.length > 0) {
    forbidden.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
    throw new RequestValidationException(forbidden);
  }
}

/**
 * Text PostgreSQL cannot store (U+0000 in text and jsonb) or that is not Unicode at all (a lone
 * surrogate, which the driver would silently turn into U+FFFD): refused wherever it is sent.
 */
function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain U+0000 (NUL)';
  if (!text.isWellFormed()) return 'is not well-formed Unicode (a lone surrogate)';
  return undefined;
}

/** A field path as the validation errors name it; the body itself is `(body)`. */
function fieldName(path: string): string {
  return path === '' || path.startsWith('[') ? `(body)${path}` : path;
}

/** A path 32 levels deep can be long (keys are the caller's): its start and end are enough. */
function shortened(path: string): string {
  return path.length <= 200 ? path : `${path.slice(0, 100)}…${path.slice(-100)}`;
}

/**
 * Every request, after the body parser and before guards, interceptors (the idempotency key hashes
 * the body) and pipes: the body and query must be shallow enough and free of prototype keys.
 */
@Injectable()
export class BodyShapeMiddleware implements NestMiddleware {
  use(
    request: { body?: unknown; query?: unknown; originalUrl?: string },
    _response: unknown,
    next: (error?: unknown) => void,
  ): void {
    // Path parameters are only known after routing: a NUL anywhere in the path is refused here.
    const path = request.originalUrl?.split('?')[0] ?? '';
    if (/%00/i.test(path)) {
      throw new RequestValidationException([
        { field: '(path)', value: path, reason: 'must not contain U+0000 (NUL)' },
      ]);
    }
    assertBodyShape(request.body);
    assertBodyShape(request.query);
    next();
  }
}

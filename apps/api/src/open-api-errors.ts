import type { OpenAPIObject } from '@nestjs/swagger';
import { OPENAPI_PUBLIC, OPENAPI_ROLES } from './auth/access.decorators.ts';
import { UNRESTRICTED_ROLES } from './auth/authorization.guard.ts';

/** The one error schema: every error answer of every route has this shape. */
export const ERROR_SCHEMA_NAME = 'ErrorResponse';

const ERROR_SCHEMA = {
  type: 'object',
  description:
    'Every error: a stable machine-readable code, a message a person can act on, and the fields the code documents (README, "Errors")',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', example: 'VALIDATION_FAILED', description: 'The error code' },
    message: { type: 'string', example: '1 invalid field: reason' },
    errors: {
      type: 'array',
      description: 'VALIDATION_FAILED: every refused field, its value as sent and why',
      items: {
        type: 'object',
        required: ['field', 'value', 'reason'],
        properties: {
          field: { type: 'string', example: 'calendar.noticeDate' },
          value: { description: 'As sent (null when missing)' },
          reason: { type: 'string' },
        },
      },
    },
  },
  additionalProperties: true,
};

type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
const METHODS: readonly Method[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const READ_METHODS: ReadonlySet<Method> = new Set(['get', 'head', 'options']);

/** The codes each status stands for, by the kind of route that can answer it. */
const DESCRIPTIONS = {
  400: 'VALIDATION_FAILED (each refused field named with its value and reason), BODY_TOO_DEEP, MALFORMED_JSON, MALFORMED_URL, INVALID_IDEMPOTENCY_KEY, or an event-store INVALID_* code',
  401: 'MISSING_TOKEN, MALFORMED_TOKEN, UNSUPPORTED_ALGORITHM, INVALID_SIGNATURE, TOKEN_EXPIRED, UNKNOWN_ROLE or INVALID_CLAIMS (with a WWW-Authenticate challenge)',
  403: 'ROLE_NOT_ALLOWED (the route’s x-roles), READ_ONLY_ROLE (the auditor, on anything but GET); commands also OUT_OF_SCOPE or FOUR_EYES_VIOLATION',
  404: 'NOT_FOUND: no such resource, or not in the caller’s scope (the same answer for both)',
  409: 'ILLEGAL_TRANSITION (with the stage and allowedCommands), WRONG_EXPECTED_REVISION, IDEMPOTENT_REQUEST_IN_PROGRESS, or a domain conflict',
  413: 'PAYLOAD_TOO_LARGE (the body over the limit), EVENT_TOO_LARGE or BATCH_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE: a charset or content encoding the body parser does not read',
  422: 'A domain rule refused the command (its code, with field, value, reason, expected), IDEMPOTENCY_KEY_REUSED, or POSITION_NOT_WRITTEN (an afterPosition beyond the log)',
  500: 'INTERNAL_ERROR: an unexpected failure (logged; the answer names no cause)',
  503: 'SERVICE_BUSY: every database connection is busy (retry after the Retry-After header’s seconds); STORE_UNAVAILABLE: the event store or a database is unreachable, or READ_MODEL_NOT_CAUGHT_UP (afterPosition not reached in time); retry later',
} as const;

type Status = keyof typeof DESCRIPTIONS;

interface Operation {
  parameters?: Array<{ in?: string; name?: string }>;
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { description?: string; content?: unknown }>;
  [extension: `x-${string}`]: unknown;
}

/** Which errors an operation can answer, from what it takes and who may call it. */
function statusesOf(method: Method, operation: Operation, isPublic: boolean): Status[] {
  const parameters = operation.parameters ?? [];
  const hasInput = operation.requestBody !== undefined || parameters.length > 0;
  const command = !READ_METHODS.has(method);
  const statuses: Status[] = [];
  if (hasInput || command) statuses.push(400);
  if (!isPublic) statuses.push(401, 403);
  if (parameters.some((p) => p.in === 'path')) statuses.push(404);
  if (command) statuses.push(409, 413, 415, 422);
  else if (parameters.some((p) => p.name === 'afterPosition')) statuses.push(422);
  statuses.push(500, 503);
  return statuses;
}

/**
 * Documents every error an operation can answer, in the one error schema, from rules over the whole
 * document (not by hand on each of ~55 operations): 400 where a route takes a body, path or query;
 * 401 and 403 on every route that needs a token (its `x-roles`: who may call it); 404 where a path
 * names a resource; 409, 413, 415 and 422 on commands, 422 on queries taking afterPosition; 500 and
 * 503 everywhere. A response a route
 * declares itself keeps its description; one with a body of its own (the health report's 503) keeps it.
 */
export function documentErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_SCHEMA_NAME] = ERROR_SCHEMA as never;
  const errorContent = {
    'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` } },
  };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = (pathItem as Partial<Record<Method, Operation>>)[method];
      if (operation === undefined) continue;
      const isPublic = operation[OPENAPI_PUBLIC] === true;
      if (isPublic) {
        operation.security = []; // overrides the document's bearer requirement
      } else {
        const declared = (operation[OPENAPI_ROLES] as string[] | undefined) ?? [];
        operation[OPENAPI_ROLES] = [...new Set([...declared, ...UNRESTRICTED_ROLES])].filter(
          (role) => READ_METHODS.has(method) || role !== 'auditor',
        );
      }
      for (const status of statusesOf(method, operation, isPublic)) {
        const existing = operation.responses[status];
        operation.responses[status] = {
          description: existing?.description || DESCRIPTIONS[status],
          content: existing?.content ?? errorContent,
        };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && response.content === undefined) response.content = errorContent;
      }
    }
  }
  return document;
}

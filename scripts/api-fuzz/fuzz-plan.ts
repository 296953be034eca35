import fc from 'fast-check';

/**
 * Requests generated from the api's own OpenAPI document (`/docs-json`), for every operation: valid-ish
 * values from the documented examples, then missing, wrong-typed, huge, deeply nested, unicode and
 * injection values in the body, path and query, malformed JSON and odd content types; a token of a role
 * the operation allows (`x-roles`), and now and then none, a forged one or a role it refuses.
 * Deterministic: the same document, seed and count give the same requests. Used by the e2e fuzz test
 * and `npm run fuzz:api`.
 */

export type Auth = { kind: 'role'; role: string } | { kind: 'none' } | { kind: 'forged' };

export interface FuzzRequest {
  readonly method: string;
  /** The path with its query string, encoded as sent. */
  readonly url: string;
  readonly operation: string;
  readonly auth: Auth;
  readonly contentType?: string;
  /** The raw body (JSON text or otherwise). */
  readonly body?: string;
  /** What was fuzzed, for the report. */
  readonly variant: string;
}

interface Schema {
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly type?: string;
  readonly example?: unknown;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: Schema;
}

interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { content?: Record<string, { schema?: Schema }> };
  readonly 'x-roles'?: readonly string[];
  readonly 'x-public'?: boolean;
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

export interface FuzzOperation {
  readonly method: string;
  readonly path: string;
  readonly pathParameters: readonly Parameter[];
  readonly queryParameters: readonly Parameter[];
  readonly body?: Schema;
  /** Who may call it; undefined: public. */
  readonly roles?: readonly string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document. */
export function operationsOf(document: OpenApiDocument): FuzzOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({
        method,
        path,
        pathParameters: (operation.parameters ?? []).filter((p) => p.in === 'path'),
        queryParameters: (operation.parameters ?? []).filter((p) => p.in === 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema,
        roles: operation['x-public'] === true ? undefined : (operation['x-roles'] ?? ['admin']),
      })),
  );
}

/** Strings that have broken parsers, databases, templates and terminals elsewhere. */
const INJECTIONS = [
  "' OR '1'='1' --",
  "'; DROP TABLE event_store.events; --",
  '"; SELECT pg_sleep(0); --',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}#{7*7}',
  '${jndi:ldap://127.0.0.1/a}',
  '$where: 1',
  '%00',
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ud800',
  '\udfff\ud800',
  '\uffff\ufffe',
  'Z̸̢͓̈́a̵l̶g̷o̴',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '𠮷野家 ｶﾀｶﾅ　全角スペース',
  '令和元年度',
  '\r\nSet-Cookie: a=b',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '0x1F',
  '9'.repeat(40),
  '2015-02-30',
  '9999-12-31T24:00:00Z',
  'null',
  'true',
  '[]',
  '{}',
  ' ',
  '',
];

const NUMBERS = [-1, 0, 1, 1.5, -0.0001, 1e21, 1e308, -1e308, 2 ** 53, 2 ** 63, Number.MAX_SAFE_INTEGER + 1];

const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'x'.repeat(5_000),
      '𠮷'.repeat(2_000),
      'あ'.repeat(30_000),
      '\\'.repeat(3_000),
    ),
  },
);

/** A value of any JSON type but usually the wrong one. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...NUMBERS),
  nastyString,
  fc.constant([]),
  fc.constant({}),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
);

function resolve(schema: Schema | undefined, document: OpenApiDocument): Schema | undefined {
  let current = schema;
  for (let i = 0; i < 10 && current !== undefined; i++) {
    if (current.$ref !== undefined) {
      current = document.components?.schemas?.[current.$ref.split('/').pop() as string];
    } else if (current.allOf !== undefined && current.allOf.length > 0) {
      current = { ...current.allOf[0], ...current, allOf: undefined };
    } else {
      return current;
    }
  }
  return current;
}

/** The documented value of a schema: its example, default, first enum value, or a plain one. */
function exampleOf(schema: Schema | undefined, document: OpenApiDocument, depth = 0): unknown {
  const s = resolve(schema, document);
  if (s === undefined || depth > 8) return 'x';
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum !== undefined && s.enum.length > 0) return s.enum[0];
  switch (s.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [exampleOf(s.items, document, depth + 1)];
    case 'object':
    case undefined:
      if (s.properties === undefined) return {};
      return Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, exampleOf(v, document, depth + 1)]),
      );
    default:
      return 'x';
  }
}

/** A value for a schema: mostly its example, sometimes mutated field by field, sometimes wrong. */
function valueFor(schema: Schema | undefined, document: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, document);
  const example = exampleOf(s, document, depth);
  if (s?.type === 'object' || (s?.type === undefined && s?.properties !== undefined)) {
    if (s.properties === undefined || depth > 6) return fc.oneof(fc.constant(example), wrongValue);
    const entries = Object.entries(s.properties);
    return fc
      .tuple(
        ...entries.map(([key, property]) =>
          fc.oneof(
            { weight: 6, arbitrary: valueFor(property, document, depth + 1).map((v) => [key, v] as const) },
            { weight: 1, arbitrary: fc.constant([key, undefined] as const) }, // missing
          ),
        ),
      )
      .map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)));
  }
  if (s?.type === 'array') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.array(valueFor(s.items, document, depth + 1), { maxLength: 3 }) },
      {
        weight: 1,
        arbitrary: fc.constant(Array.from({ length: 5_000 }, () => exampleOf(s.items, document))),
      },
      { weight: 1, arbitrary: wrongValue },
    );
  }
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(example) },
    { weight: 2, arbitrary: nastyString },
    { weight: 2, arbitrary: wrongValue },
    { weight: 1, arbitrary: fc.constantFrom(...(s?.enum ?? [example])) },
  );
}

/** JSON text nested `depth` levels, alone or inside a field of an otherwise plausible body. */
const deepJson: fc.Arbitrary<{ text: string; variant: string }> = fc
  .tuple(fc.constantFrom(33, 200, 3_000, 10_000), fc.constantFrom('array', 'object', 'field'))
  .map(([depth, shape]) => {
    const text =
      shape === 'array'
        ? '['.repeat(depth) + ']'.repeat(depth)
        : shape === 'object'
          ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
          : `{"reason":${'['.repeat(depth)}"x"${']'.repeat(depth)}}`;
    return { text, variant: `nested-${shape}-${depth}` };
  });

const MALFORMED = [
  '{"a":',
  "{'a':1}",
  '{"a":1,}',
  '[1,2',
  'undefined',
  '\u0000',
  '{"a":1}{"b":2}',
  '{"a":NaN}',
];

/** Bodies: a mutated example, missing or extra fields, wrong types, deep nesting, malformed text. */
function bodyFor(
  schema: Schema | undefined,
  document: OpenApiDocument,
): fc.Arbitrary<{ body?: string; contentType?: string; variant: string }> {
  const json = (variant: string) => (value: unknown) => ({
    body: JSON.stringify(value),
    contentType: 'application/json',
    variant,
  });
  const example = exampleOf(schema, document);
  return fc.oneof(
    { weight: 8, arbitrary: valueFor(schema, document).map(json('body-values')) },
    { weight: 1, arbitrary: fc.constant(json('body-example')(example)) },
    { weight: 1, arbitrary: fc.constant(json('body-empty-object')({})) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', '$where', ''), wrongValue)
        .map(([key, value]) => {
          const base = JSON.stringify(typeof example === 'object' && example !== null ? example : {});
          const inner = `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`;
          return {
            body: base === '{}' ? `{${inner}}` : `{${inner},${base.slice(1)}`,
            contentType: 'application/json',
            variant: `body-key-${key || 'empty'}`,
          };
        }),
    },
    { weight: 1, arbitrary: wrongValue.map(json('body-not-an-object')) },
    {
      weight: 2,
      arbitrary: deepJson.map(({ text, variant }) => ({
        body: text,
        contentType: 'application/json',
        variant,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...MALFORMED)
        .map((body) => ({ body, contentType: 'application/json', variant: 'body-malformed' })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        {
          body: 'a[b][c][d]=1&__proto__[x]=1',
          contentType: 'application/x-www-form-urlencoded',
          variant: 'body-form',
        },
        { body: 'just text', contentType: 'text/plain', variant: 'body-text' },
        { body: '{"reason":"x"}', contentType: 'application/json; charset=latin1', variant: 'body-charset' },
        {
          body: JSON.stringify({ reason: 'x'.repeat(150_000) }),
          contentType: 'application/json',
          variant: 'body-too-large',
        },
        { body: undefined, contentType: undefined, variant: 'body-none' },
      ),
    },
  );
}

/** A path segment: the example, or a nasty value, percent-encoded (now and then broken on purpose). */
function pathValue(parameter: Parameter, document: OpenApiDocument): fc.Arbitrary<string> {
  const example = String(exampleOf(parameter.schema, document));
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(encodeURIComponent(example)) },
    {
      weight: 4,
      arbitrary: fc.oneof(nastyString, fc.constantFrom(...NUMBERS).map(String)).map(encodeSegment),
    },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AE%C0%AE', '..', '.') },
  );
}

/** Empty segments would change the route: they become a single space. */
function encodeSegment(value: string): string {
  const encoded = encodeURIComponentSafe(value);
  return encoded === '' ? '%20' : encoded;
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) is sent as its raw bytes. */
function encodeURIComponentSafe(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((c) => (c.length === 1 && /[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c)))
      .join('');
  }
}

function queryFor(parameters: readonly Parameter[], document: OpenApiDocument): fc.Arbitrary<string> {
  const one = (parameter: Parameter): fc.Arbitrary<string[]> =>
    fc
      .oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        {
          weight: 4,
          arbitrary: fc
            .constant(exampleOf(parameter.schema, document))
            .map((v) => [Array.isArray(v) ? v.join(',') : String(v)]),
        },
        { weight: 3, arbitrary: nastyString.map((v) => [v]) },
        { weight: 1, arbitrary: fc.array(nastyString, { minLength: 2, maxLength: 3 }) },
      )
      .map((values) =>
        values.map((v) => `${encodeURIComponent(parameter.name)}=${encodeURIComponentSafe(v)}`),
      );
  const extra = fc.oneof(
    { weight: 6, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ['__proto__=1'],
        ['constructor[prototype]=1'],
        ['a[b][c]=1'],
        ['unknown=1'],
        ['='],
        ['&&&'],
      ),
    },
  );
  return fc
    .tuple(fc.tuple(...parameters.map(one)), extra)
    .map(([params, more]) => [...params.flat(), ...more].join('&'));
}

function authFor(roles: readonly string[] | undefined): fc.Arbitrary<Auth> {
  if (roles === undefined) return fc.constant<Auth>({ kind: 'none' });
  return fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...roles).map((role): Auth => ({ kind: 'role', role })) },
    { weight: 1, arbitrary: fc.constant<Auth>({ kind: 'none' }) },
    { weight: 1, arbitrary: fc.constant<Auth>({ kind: 'forged' }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('auditor', 'municipality', 'institution', 'approver', 'caseworker')
        .map((role): Auth => ({ kind: 'role', role })),
    },
  );
}

/** Requests for one operation. */
export function requestArbitrary(
  operation: FuzzOperation,
  document: OpenApiDocument,
): fc.Arbitrary<FuzzRequest> {
  const label = `${operation.method.toUpperCase()} ${operation.path}`;
  const segments = fc.tuple(...operation.pathParameters.map((p) => pathValue(p, document)));
  const body =
    operation.method === 'get'
      ? fc.constant<{ body?: string; contentType?: string; variant: string }>({ variant: 'no-body' })
      : bodyFor(operation.body, document);
  return fc
    .tuple(segments, queryFor(operation.queryParameters, document), body, authFor(operation.roles))
    .map(([values, query, { body: text, contentType, variant }, auth]) => {
      let path = operation.path;
      operation.pathParameters.forEach((parameter, i) => {
        path = path.replace(`{${parameter.name}}`, values[i] as string);
      });
      return {
        method: operation.method,
        url: query === '' ? path : `${path}?${query}`,
        operation: label,
        auth,
        contentType,
        body: text,
        variant,
      };
    });
}

/**
 * About `requests` requests spread evenly over the operations of the document, the same for the same
 * seed: operation i draws from seed + i.
 */
export function fuzzPlan(document: OpenApiDocument, requests: number, seed: number): FuzzRequest[] {
  const operations = operationsOf(document);
  const perOperation = Math.max(1, Math.ceil(requests / operations.length));
  return operations.flatMap((operation, i) =>
    fc.sample(requestArbitrary(operation, document), { seed: seed + i, numRuns: perOperation }),
  );
}

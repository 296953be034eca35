/**
 * The part of JSON Schema (OpenAPI 3) the api's command bodies use: what the case page's forms are
 * rendered and validated from (command-schemas.ts, generated).
 */
export interface FieldSchema {
  readonly type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  readonly description?: string;
  readonly enum?: readonly (string | number)[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, FieldSchema>>;
  readonly items?: FieldSchema;
}

export interface CommandSchema {
  /** The POST route, e.g. /applications/{applicationId}/submit. */
  readonly path: string;
  /** The roles the domain lets send it (the route's x-command-roles). */
  readonly roles: readonly string[];
  readonly schema: FieldSchema;
}

export type CommandSchemas = Readonly<Record<string, CommandSchema>>;

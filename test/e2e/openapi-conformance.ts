import type { INestApplication } from '@nestjs/common';
import { openApiDocument as documentOf } from '../../apps/api/src/open-api.ts';

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
};
type OpenApiDocument = { components: { schemas: Record<string, Schema> } };

/** The api's OpenAPI document (served at /docs-json), as the console's types are generated from it. */
export function openApiDocument(app: INestApplication): OpenApiDocument {
  return JSON.parse(JSON.stringify(documentOf(app))) as OpenApiDocument;
}

/**
 * Where a real answer departs from its documented schema (components.schemas[name]): a required field
 * missing, a null where none is allowed, a value of another type or outside its enum — each with its path.
 * Enough to keep the documented answers (and the console's types generated from them) honest; not a full
 * JSON Schema validator.
 */
export function departures(document: OpenApiDocument, name: string, value: unknown): string[] {
  const walk = (schema: Schema, at: unknown, path: string): string[] => {
    if (schema.$ref) return walk(document.components.schemas[schema.$ref.split('/').pop()!]!, at, path);
    if (at === null) return schema.nullable ? [] : [`${path}: null`];
    if (schema.allOf) return schema.allOf.flatMap((part) => walk(part, at, path));
    if (schema.oneOf) {
      const fits = schema.oneOf.some((option) => walk(option, at, path).length === 0);
      return fits ? [] : [`${path}: none of oneOf`];
    }
    if (schema.enum && !schema.enum.includes(at)) return [`${path}: ${JSON.stringify(at)} not in enum`];
    switch (schema.type) {
      case 'object': {
        if (typeof at !== 'object' || Array.isArray(at)) return [`${path}: not an object`];
        const record = at as Record<string, unknown>;
        return [
          ...(schema.required ?? [])
            .filter((key) => !(key in record))
            .map((key) => `${path}.${key}: missing`),
          ...Object.entries(schema.properties ?? {}).flatMap(([key, property]) =>
            key in record && record[key] !== undefined ? walk(property, record[key], `${path}.${key}`) : [],
          ),
        ];
      }
      case 'array':
        return Array.isArray(at)
          ? at.flatMap((item, i) => (schema.items ? walk(schema.items, item, `${path}[${i}]`) : []))
          : [`${path}: not an array`];
      case 'integer':
        return Number.isInteger(at) ? [] : [`${path}: not an integer`];
      case 'number':
      case 'string':
      case 'boolean':
        return typeof at === schema.type ? [] : [`${path}: not a ${schema.type}`];
      default:
        return [];
    }
  };
  return walk({ $ref: `#/components/schemas/${name}` }, value, name);
}

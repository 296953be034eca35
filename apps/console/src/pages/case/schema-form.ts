import type { FieldSchema } from '../../api/command-schema.ts';

/**
 * A command's form from its request-body schema (command-schemas.ts, generated from the api's OpenAPI
 * document): the fields, the checks the schema states (required, integer, minimum/maximum, maxLength)
 * and the body built from what was typed. Values are kept as the inputs' strings, by dotted path.
 */
export type FormValues = Readonly<Record<string, string>>;

export interface Leaf {
  /** Dotted path in the body, as the api's 400 names a field (`facts.applicant.kind`). */
  readonly path: string;
  readonly schema: FieldSchema;
  /** Required by its object (which may itself be optional: then only once the object is given). */
  readonly required: boolean;
}

export type FieldProblem =
  | { readonly key: 'fieldRequired' }
  | { readonly key: 'fieldInteger' }
  | { readonly key: 'fieldMin'; readonly min: number }
  | { readonly key: 'fieldMax'; readonly max: number }
  | { readonly key: 'fieldMaxLength'; readonly max: number };

const isObject = (schema: FieldSchema) => schema.type === 'object' || schema.properties !== undefined;
const isNumber = (schema: FieldSchema | undefined) => schema?.type === 'number' || schema?.type === 'integer';

/** Every input field under an object schema, in the schema's order. */
export function leavesOf(schema: FieldSchema, prefix = ''): Leaf[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    if (isObject(property)) return leavesOf(property, path);
    return [{ path, schema: property, required: (schema.required ?? []).includes(name) }];
  });
}

/** An optional object counts as given once one of its fields is; a required one always is. */
function objectGiven(root: FieldSchema, objectPath: string, values: FormValues): boolean {
  if (objectPath === '') return true;
  const names = objectPath.split('.');
  let parent = root;
  for (const [index, name] of names.entries()) {
    const required = (parent.required ?? []).includes(name);
    const child = parent.properties?.[name];
    if (child === undefined) return false;
    if (!required) {
      const prefix = `${names.slice(0, index + 1).join('.')}.`;
      return Object.entries(values).some(([path, value]) => path.startsWith(prefix) && value.trim() !== '');
    }
    parent = child;
  }
  return true;
}

/** What the schema says is wrong with each field (none: the form may be sent). */
export function problemsOf(root: FieldSchema, values: FormValues): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const leaf of leavesOf(root)) {
    const value = (values[leaf.path] ?? '').trim();
    const objectPath = leaf.path.split('.').slice(0, -1).join('.');
    if (value === '') {
      if (leaf.required && objectGiven(root, objectPath, values))
        problems[leaf.path] = { key: 'fieldRequired' };
      continue;
    }
    const { schema } = leaf;
    if (isNumber(schema)) {
      const number = Number(value);
      if (!Number.isInteger(number)) problems[leaf.path] = { key: 'fieldInteger' };
      else if (schema.minimum !== undefined && number < schema.minimum)
        problems[leaf.path] = { key: 'fieldMin', min: schema.minimum };
      else if (schema.maximum !== undefined && number > schema.maximum)
        problems[leaf.path] = { key: 'fieldMax', max: schema.maximum };
    } else if (
      schema.type === 'string' &&
      schema.maxLength !== undefined &&
      value.length > schema.maxLength
    ) {
      problems[leaf.path] = { key: 'fieldMaxLength', max: schema.maxLength };
    }
  }
  return problems;
}

function valueOf(schema: FieldSchema, text: string): unknown {
  if (isNumber(schema)) return Number(text);
  if (schema.type === 'boolean') return text === 'true';
  if (schema.type === 'array') {
    const parts = isNumber(schema.items) ? text.split(/[,、\s]+/) : text.split('\n');
    const items = parts.map((part) => part.trim()).filter((part) => part !== '');
    return isNumber(schema.items) ? items.map(Number) : items;
  }
  return text;
}

/** The request body: each field given, typed as its schema says, nested by its path. */
export function bodyOf(root: FieldSchema, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const leaf of leavesOf(root)) {
    const text = (values[leaf.path] ?? '').trim();
    if (text === '') continue;
    const names = leaf.path.split('.');
    let target = body;
    for (const name of names.slice(0, -1)) {
      target[name] ??= {};
      target = target[name] as Record<string, unknown>;
    }
    target[names[names.length - 1]!] = valueOf(leaf.schema, text);
  }
  return body;
}

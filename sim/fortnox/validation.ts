// Field-level validation like Fortnox: types (numbers may come as numeric strings), max lengths, the allowed
// character set, read-only fields and the `API_BLANK` / empty-string conventions.
import { errors } from './errors';
import { isObject, isValidDate, type Json } from './util';

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'object' | 'array' | 'email';

export interface FieldSpec {
  type: FieldType;
  max?: number;
  readOnly?: boolean;
  /** Allowed values (compared upper-cased). */
  enum?: readonly string[];
  /** Skip the character-set check (e.g. fields that are codes or free JSON). */
  anyChars?: boolean;
  /** Only settable when creating (e.g. OCR, DocumentNumber). */
  createOnly?: boolean;
}

export type FieldSpecs = Record<string, FieldSpec>;

/** Characters Fortnox rejects in text fields (2000359); the typographic ’ is fine, the straight ' is not. */
const FORBIDDEN_CHARS = /["<>[\]{}~|']/;
// Emoji: anything outside the BMP, the dingbat/misc-symbol blocks, variation selector 16 and zero-width joiner.
const EMOJI = /[\u{10000}-\u{10FFFF}\u2600-\u27BF\uFE0F\u200D]/u;

export function hasForbiddenChars(s: string): boolean {
  return FORBIDDEN_CHARS.test(s) || EMOJI.test(s);
}

export const ARTICLE_NUMBER_RE = /^[A-Za-z0-9_\-+/]+$/;
const NUMERIC_RE = /^\s*-?\d+(?:[.,]\d+)?\s*$/;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const API_BLANK = 'API_BLANK';

/** Marker for "leave the field unchanged" (an empty string on update, as Fortnox reads it as null). */
export const UNCHANGED = Symbol('unchanged');

export function coerceField(field: string, spec: FieldSpec, value: unknown, mode: 'create' | 'update'): Json | typeof UNCHANGED {
  if (value === null || value === undefined) return UNCHANGED;
  switch (spec.type) {
    case 'string':
    case 'email':
    case 'date': {
      if (typeof value === 'object') throw errors.invalidValue(field, JSON.stringify(value));
      let s = String(value);
      if (s === '' && mode === 'update') return UNCHANGED;
      if (s === API_BLANK) return spec.type === 'date' ? null : '';
      if (spec.type === 'date') {
        if (s === '') return null;
        if (!isValidDate(s)) throw errors.invalidDate(field);
        return s;
      }
      if (spec.max !== undefined && s.length > spec.max) throw errors.tooLong(field, spec.max);
      if (!spec.anyChars && hasForbiddenChars(s)) throw errors.invalidChars(field);
      if (spec.type === 'email' && s !== '' && !s.split(/[;,]/).every((e) => EMAIL_RE.test(e.trim()))) {
        throw errors.invalidEmail(field);
      }
      if (spec.enum) {
        s = s.toUpperCase();
        if (s !== '' && !spec.enum.includes(s)) throw errors.invalidValue(field, String(value));
      }
      return s;
    }
    case 'number':
    case 'integer': {
      let n: number;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'string' && NUMERIC_RE.test(value)) n = Number(value.replace(',', '.'));
      else if (typeof value === 'string' && value === '' && mode === 'update') return UNCHANGED;
      else throw errors.notNumeric(field);
      if (!Number.isFinite(n)) throw errors.notNumeric(field);
      if (spec.type === 'integer' && !Number.isInteger(n)) throw errors.notNumeric(field);
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw errors.notBoolean(field);
    }
    case 'object':
      if (!isObject(value)) throw errors.invalidValue(field, String(value));
      return value as Json;
    case 'array':
      if (!Array.isArray(value)) throw errors.invalidValue(field, String(value));
      return value as Json;
  }
}

/**
 * Validates a request object against the specs. Returns the coerced values of the fields that change.
 * Read-only fields are rejected; unknown fields are ignored (the simulator does not know every Fortnox field).
 */
export function validateFields(
  body: Record<string, unknown>,
  specs: FieldSpecs,
  mode: 'create' | 'update',
  ignore: readonly string[] = [],
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [field, value] of Object.entries(body)) {
    if (field.startsWith('@') || ignore.includes(field)) continue;
    const spec = specs[field];
    if (!spec) continue;
    if (spec.readOnly || (spec.createOnly && mode === 'update')) {
      if (value === null || value === undefined) continue;
      throw errors.readOnly(field);
    }
    const coerced = coerceField(field, spec, value, mode);
    if (coerced !== UNCHANGED) out[field] = coerced;
  }
  return out;
}

/** Reads `{"<Root>": {...}}` from a request body. */
export function rootObject(body: unknown, root: string): Record<string, unknown> {
  if (!isObject(body) || !isObject(body[root])) throw errors.missingRoot(root);
  return body[root] as Record<string, unknown>;
}

export const str = (max?: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'string', max, ...extra });
export const num: FieldSpec = { type: 'number' };
export const int: FieldSpec = { type: 'integer' };
export const bool: FieldSpec = { type: 'boolean' };
export const date: FieldSpec = { type: 'date' };
export const readOnly: FieldSpec = { type: 'string', readOnly: true };

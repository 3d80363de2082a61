// The OpenAPI description of the trust endpoints (merged into /openapi.json by openapi.ts).
import { z } from 'zod';
import { preflightQuery, reconciliationQuery } from './routes/trust';

type Json = Record<string, unknown>;
const str = { type: 'string' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: str, description });
const SHOP = [{ adminKey: [] }, { supportKey: [] }];
const err = {
  400: { $ref: '#/components/responses/BadRequest' },
  401: { $ref: '#/components/responses/Unauthorized' },
  404: { $ref: '#/components/responses/NotFound' },
};

function queryParams(schema: z.ZodObject): Json[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const s = z.toJSONSchema(field as z.ZodType, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Json;
    delete s.$schema;
    return { name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, schema: s };
  });
}

const money = { type: 'number' };
export const trustSchemas: Record<string, Json> = {
  Reconciliation: {
    type: 'object',
    required: ['ok', 'from', 'to', 'orders', 'matched', 'missing', 'duplicates', 'mismatched', 'totals'],
    properties: {
      ok: { type: 'boolean' }, from: str, to: str, orders: { type: 'integer' }, matched: { type: 'integer' },
      missing: { type: 'array', items: { type: 'object' } },
      duplicates: { type: 'array', items: { type: 'object' } },
      mismatched: { type: 'array', items: { type: 'object' } },
      totals: { type: 'object', properties: { quickbutik: ref('VatSummary'), fortnox: ref('VatSummary'), difference: ref('VatSummary'), unmappedOrders: { type: 'array', items: str } } },
    },
  },
  VatSummary: {
    type: 'object',
    required: ['rates', 'net', 'vat', 'gross'],
    properties: {
      rates: { type: 'array', items: { type: 'object', properties: { rate: money, net: money, vat: money } } },
      net: money, vat: money, gross: money,
    },
  },
  OrderPreview: {
    type: 'object',
    required: ['ok', 'orderId'],
    properties: {
      ok: { type: 'boolean' },
      orderId: str,
      documentType: { type: 'string', enum: ['invoice', 'order'] },
      document: { type: 'object', description: 'The Invoice/Order body exactly as it would be posted (CustomerNumber null: a new card)' },
      customer: { type: 'object', properties: { action: { type: 'string', enum: ['none', 'update', 'create'] }, customerNumber: { type: 'string', nullable: true }, type: str, vatType: str, countryCode: str, fields: { type: 'array', items: str, description: 'Card fields that would be sent (personal values not repeated)' } } },
      accounts: { type: 'array', items: { type: 'integer' } },
      vat: ref('VatSummary'),
      totals: { type: 'object', properties: { document: money, quickbutik: money, currency: str } },
      existing: { type: 'object', nullable: true, description: 'Already in Fortnox: a sync would not post again' },
      checks: { type: 'array', items: { type: 'object', properties: { id: str, messageSv: str, messageEn: str } } },
      errors: { type: 'array', items: { type: 'object', properties: { code: str, explanationSv: str, explanationEn: str } } },
    },
  },
  PreflightCheck: {
    type: 'object',
    required: ['id', 'ok', 'severity', 'messageSv', 'messageEn', 'fix'],
    properties: {
      id: { type: 'string', description: 'e.g. account:sales25, financial-year, scopes, mode-of-payment:<method>' },
      ok: { type: 'boolean' },
      severity: { type: 'string', enum: ['error', 'warning', 'info'], description: 'error: orders would park or be booked wrong' },
      messageSv: str,
      messageEn: str,
      fix: { type: 'string', description: 'What to do (empty when ok)' },
    },
  },
  Preflight: {
    type: 'object',
    required: ['ok', 'checks'],
    properties: { ok: { type: 'boolean', description: 'No check of severity error failed' }, checks: { type: 'array', items: ref('PreflightCheck') } },
  },
};

export const trustPaths: Record<string, Json> = {
  '/shops/{shopId}/reconciliation': {
    get: {
      tags: ['trust'], summary: 'Every paid Quickbutik order of the period against exactly one Fortnox document; net + VAT per rate on both sides', security: SHOP,
      parameters: [pathParam('shopId', 'The shop id given at creation.'), ...queryParams(reconciliationQuery)],
      responses: {
        200: {
          description: 'The report (JSON, or CSV with format=csv / Accept: text/csv)',
          content: { 'application/json': { schema: ref('Reconciliation') }, 'text/csv': { schema: str } },
        },
        ...err,
      },
    },
  },
  '/shops/{shopId}/orders/{orderId}/preview': {
    get: {
      tags: ['trust'], summary: 'Dry run: the exact Fortnox document a sync of this order would post, and the checks it passed; nothing is written', security: SHOP,
      parameters: [pathParam('shopId', 'The shop id given at creation.'), pathParam('orderId', 'The Quickbutik order id.')],
      responses: {
        200: json(ref('OrderPreview'), '`ok: true` with the document, or `ok: false` with the problems (sv + en) that would park it'),
        409: { $ref: '#/components/responses/BadRequest' },
        502: { $ref: '#/components/responses/BadRequest' },
        ...err,
      },
    },
  },
  '/shops/{shopId}/preflight': {
    get: {
      tags: ['trust'], summary: "Checks the Fortnox company against the shop's settings before the first order", security: SHOP,
      parameters: [pathParam('shopId', 'The shop id given at creation.'), ...queryParams(preflightQuery)],
      responses: { 200: json(ref('Preflight'), 'Every check with its fix'), ...err },
    },
  },
};

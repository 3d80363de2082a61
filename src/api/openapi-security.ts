// OpenAPI operations of the shop credential/lifecycle routes (routes/shop-admin.ts) and the webhook's HEAD answer;
// merged into the document by openapi.ts.
import { z } from 'zod';
import { quickbutikKeyBody } from './routes/shop-admin';

type Json = Record<string, unknown>;
const ADMIN = [{ adminKey: [] }];
const SHOP = [{ adminKey: [] }, { supportKey: [] }];
const shopId = { name: 'shopId', in: 'path', required: true, schema: { type: 'string' }, description: 'The shop id given at creation.' };
const ok = (description: string, properties: Json) => ({ description, content: { 'application/json': { schema: { type: 'object', properties } } } });
const errors = {
  400: { $ref: '#/components/responses/BadRequest' },
  401: { $ref: '#/components/responses/Unauthorized' },
  404: { $ref: '#/components/responses/NotFound' },
};
const bool = { type: 'boolean' };
const jsonBody = (schema: z.ZodType) => {
  const s = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as Json;
  delete s.$schema;
  return { required: true, content: { 'application/json': { schema: s } } };
};

export const securityPaths: Record<string, Json> = {
  '/webhooks/quickbutik/{shopId}': {
    head: {
      tags: ['webhooks'], summary: 'Not allowed (405): a probe must not record an event', parameters: [shopId],
      responses: { 405: { description: 'Use GET or POST' } },
    },
  },
  '/shops/{shopId}/support-key': {
    post: {
      tags: ['shops'], summary: 'Issue a new support key (the old one stops working at once; shown once)', security: SHOP, parameters: [shopId],
      responses: { 200: ok('The new key', { supportApiKey: { type: 'string' } }), ...errors },
    },
    delete: {
      tags: ['shops'], summary: 'Revoke the support key (an administrator issues a new one)', security: SHOP, parameters: [shopId],
      responses: { 200: ok('Revoked', { revoked: bool, message: { type: 'string' } }), ...errors },
    },
  },
  '/shops/{shopId}/quickbutik-key': {
    put: {
      tags: ['shops'], summary: 'Replace the Quickbutik API key (checked with Quickbutik before it is stored)', security: SHOP,
      parameters: [shopId], requestBody: jsonBody(quickbutikKeyBody),
      responses: { 200: ok('Stored', { replaced: bool }), ...errors, 502: { description: 'Quickbutik did not answer; nothing stored' } },
    },
  },
  '/shops/{shopId}/fortnox': {
    delete: {
      tags: ['fortnox'], summary: 'Disconnect Fortnox: tokens revoked at Fortnox and deleted', security: SHOP, parameters: [shopId],
      responses: { 200: ok('Disconnected', { disconnected: bool, revokedAtFortnox: bool }), ...errors },
    },
  },
  '/shops/{shopId}': {
    delete: {
      tags: ['shops'], summary: 'Delete the shop and its personal data (see the README, data retention)', security: ADMIN, parameters: [shopId],
      responses: { 200: ok('Deleted', { deleted: bool, revokedAtFortnox: bool, removed: { type: 'object' }, retained: { type: 'string' } }), ...errors },
    },
  },
};

/** Adds operations to the paths (an existing path keeps its other methods). */
export function withSecurityPaths(paths: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...paths };
  for (const [path, ops] of Object.entries(securityPaths)) out[path] = { ...(out[path] ?? {}), ...ops };
  return out;
}

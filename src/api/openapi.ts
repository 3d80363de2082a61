// The OpenAPI 3 description of every route the app mounts (a test walks the router and compares both ways).
// Request schemas are generated from the zod schemas the routes validate with, so the two cannot drift apart;
// answers are described by hand.
import { Router } from 'express';
import { z } from 'zod';
import { shopSettingsSchema } from '../domain/settings';
import { SyncStatuses } from '../workflows/definitions';
import type { ApiDeps } from './app';
import { withSecurityPaths } from './openapi-security';
import { trustPaths, trustSchemas } from './openapi-trust';
import { emptyBody, MAX_RESEND_DAYS, operatorBody, resendBody } from './routes/actions';
import { callbackQuery, connectQuery } from './routes/fortnox-connect';
import { LOG_ENTITIES, LOG_OUTCOMES, logQuery } from './routes/log';
import { LATENCY_BUCKETS } from './routes/metrics';
import { createShopBody, settingsPatchBody } from './routes/shops';
import { ENTITY_STATES } from './routes/status';

type Json = Record<string, unknown>;

/** zod → OpenAPI 3.0 schema object (the shape a client sends, i.e. before defaults apply). */
function fromZod(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const out = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

/** Query parameters from a zod object, one per key. */
function queryParams(schema: z.ZodObject): Json[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: fromZod(field as z.ZodType),
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Json): Json => ({ ...schema, nullable: true });
const str = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: Json, required = true) => ({ required, content: { 'application/json': { schema } } });
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: str, description });

const shopId = pathParam('shopId', 'The shop id given at creation.');
const orderId = pathParam('orderId', 'The Quickbutik order id.');
const productId = pathParam('productId', 'The Quickbutik product id.');

const ADMIN = [{ adminKey: [] }];
const SHOP = [{ adminKey: [] }, { supportKey: [] }];
const err = {
  400: { $ref: '#/components/responses/BadRequest' },
  401: { $ref: '#/components/responses/Unauthorized' },
  404: { $ref: '#/components/responses/NotFound' },
};

const schemas: Record<string, Json> = {
  Error: {
    type: 'object',
    required: ['error', 'message'],
    properties: { error: str, message: { type: 'string', description: 'What went wrong and what to do about it.' }, details: {} },
  },
  Settings: fromZod(shopSettingsSchema, 'output'),
  CreateShop: fromZod(createShopBody),
  ShopCreated: {
    type: 'object',
    required: ['id', 'webhookUrl', 'supportApiKey'],
    properties: {
      id: str,
      webhookUrl: { type: 'string', description: 'Give this to Quickbutik; it carries the webhook secret (shown only here and on rotation).' },
      supportApiKey: { type: 'string', description: "The shop's support key (shown once; stored hashed)." },
    },
  },
  FortnoxConnection: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['connected', 'reconnect_needed', 'not_connected'] },
      tenantId: nullable(str),
      lastError: nullable(str),
      updatedAt: nullable(dateTime),
      scope: nullable(str),
    },
  },
  ShopSummary: {
    type: 'object',
    properties: { id: str, name: str, fortnox: { type: 'object', properties: { status: str } }, createdAt: dateTime },
  },
  Shop: {
    type: 'object',
    required: ['id', 'name', 'settings', 'fortnox', 'orders'],
    properties: {
      id: str,
      name: str,
      settings: ref('Settings'),
      fortnox: ref('FortnoxConnection'),
      orders: {
        type: 'object',
        properties: {
          synced: { type: 'integer' },
          skipped: { type: 'integer' },
          inProgress: { type: 'integer' },
          parked: { type: 'integer', nullable: true, description: 'null when Temporal did not answer in time' },
        },
      },
      products: { type: 'object', properties: { parked: { type: 'integer', nullable: true } } },
      createdAt: dateTime,
      updatedAt: dateTime,
    },
  },
  SettingsPatch: fromZod(settingsPatchBody),
  SettingsUpdated: {
    type: 'object',
    required: ['settings', 'warnings'],
    properties: {
      settings: ref('Settings'),
      warnings: { type: 'array', items: str, description: 'Checks that could not be made (e.g. Fortnox not connected).' },
    },
  },
  WebhookUrl: { type: 'object', required: ['webhookUrl'], properties: { webhookUrl: str } },
  LastError: {
    type: 'object',
    properties: {
      code: str, titleSv: nullable(str), titleEn: nullable(str), explanationSv: nullable(str), explanationEn: nullable(str),
      fortnoxCode: nullable(str), fortnoxMessage: nullable(str),
    },
  },
  WorkflowRef: {
    type: 'object',
    properties: {
      id: str,
      uiUrl: { type: 'string', description: 'Temporal Web UI (TEMPORAL_UI_URL, default http://127.0.0.1:8233).' },
      exists: { type: 'boolean', nullable: true },
      runId: nullable(str),
      temporalStatus: nullable(str),
      startedAt: nullable(dateTime),
      closedAt: nullable(dateTime),
    },
  },
  LogEntry: {
    type: 'object',
    properties: {
      id: str,
      at: dateTime,
      entity: { type: 'string', enum: [...LOG_ENTITIES] },
      entityId: str,
      workflowId: nullable(str),
      outcome: { type: 'string', enum: [...LOG_OUTCOMES] },
      error: nullable({
        type: 'object',
        properties: { code: str, titleSv: nullable(str), titleEn: nullable(str), fortnoxCode: nullable(str), fortnoxMessage: nullable(str) },
      }),
      messageSv: nullable(str),
      messageEn: nullable(str),
      details: { nullable: true },
    },
  },
  LogPage: {
    type: 'object',
    required: ['entries', 'nextBefore'],
    properties: { entries: { type: 'array', items: ref('LogEntry') }, nextBefore: { ...str, nullable: true, description: 'Pass as `before` for the next page.' } },
  },
  EntityStatus: {
    type: 'object',
    required: ['state', 'workflow', 'log'],
    properties: {
      shopId: str,
      orderId: str,
      productId: str,
      state: { type: 'string', enum: [...ENTITY_STATES] },
      step: nullable(str),
      attempts: { type: 'integer', nullable: true },
      lastError: { allOf: [ref('LastError')], nullable: true },
      fortnox: { type: 'object', additionalProperties: true, description: 'Document type + number (orders) or article numbers (products).' },
      receivedAt: nullable(dateTime),
      workflow: ref('WorkflowRef'),
      temporal: { type: 'string', enum: ['up', 'unavailable'] },
      notes: { type: 'array', items: str },
      log: { type: 'array', items: ref('LogEntry') },
    },
  },
  CatalogEntry: {
    type: 'object',
    properties: {
      code: str, category: str, retryable: { type: 'boolean' }, titleSv: str, titleEn: str,
      explanationSv: str, explanationEn: str, fixSv: str, fixEn: str,
    },
  },
  WorkflowStarted: { type: 'object', required: ['workflowId'], properties: { workflowId: str } },
  SignalSent: {
    type: 'object',
    required: ['workflowId', 'signal'],
    properties: { workflowId: str, signal: { type: 'string', enum: ['retry', 'skip'] }, syncStatus: { type: 'string', nullable: true, enum: [...SyncStatuses, null] } },
  },
  EmptyBody: fromZod(emptyBody.unwrap()),
  Resend: fromZod(resendBody),
  OperatorNote: fromZod(operatorBody.unwrap()),
};

const started = (description: string) => ({ 202: json(ref('WorkflowStarted'), description), ...err });
const signalOp = (entity: 'order' | 'product', signal: 'retry' | 'skip') => ({
  post: {
    tags: ['actions'],
    summary:
      signal === 'retry'
        ? `Retry a parked ${entity} from its failed step (signal \`retry\`, as the Temporal UI sends it)`
        : `Give up on a parked ${entity} (signal \`skip\` with the reason)`,
    security: SHOP,
    parameters: [shopId, entity === 'order' ? orderId : productId],
    requestBody: body(ref('OperatorNote'), false),
    responses: {
      202: json(ref('SignalSent'), 'Signal delivered'),
      ...err,
      503: json(ref('Error'), 'Temporal did not answer'),
    },
  },
});

const paths: Record<string, Json> = {
  '/health': { get: { tags: ['ops'], summary: 'Liveness plus the state of PostgreSQL and Temporal', responses: { 200: json({ type: 'object' }, 'Alive') } } },
  '/ready': {
    get: {
      tags: ['ops'], summary: 'Ready when PostgreSQL and Temporal answer',
      responses: { 200: json({ type: 'object' }, 'Ready'), 503: json({ type: 'object' }, 'Not ready') },
    },
  },
  '/openapi.json': { get: { tags: ['ops'], summary: 'This document', responses: { 200: json({ type: 'object' }, 'OpenAPI 3 document') } } },
  '/metrics': {
    get: {
      tags: ['ops'],
      summary: 'Prometheus metrics (admin key)',
      description: `Workflows by SyncStatus, Fortnox requests per tenant, inbox backlog, synced orders and sync latency (buckets ${LATENCY_BUCKETS.join(', ')} s).`,
      security: ADMIN,
      responses: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: str } } }, 401: err[401] },
    },
  },
  '/admin/ping': {
    post: {
      tags: ['ops'], summary: 'Start the wiring-proof workflow', security: ADMIN,
      requestBody: body({ type: 'object', required: ['shopId'], additionalProperties: false, properties: { shopId: str, note: str, delayMs: { type: 'integer' } } }),
      responses: { 202: json(ref('WorkflowStarted'), 'Started'), 400: err[400], 401: err[401] },
    },
  },
  '/admin/ping/{workflowId}': {
    get: {
      tags: ['ops'], summary: 'Status of a ping workflow', security: ADMIN, parameters: [pathParam('workflowId', 'ping:… id')],
      responses: { 200: json({ type: 'object', properties: { workflowId: str, status: str } }, 'Status'), 401: err[401], 404: err[404] },
    },
  },
  '/webhooks/quickbutik/{shopId}': Object.fromEntries(
    (['get', 'post'] as const).map((method) => [
      method,
      {
        tags: ['webhooks'],
        summary: `Quickbutik webhook (${method.toUpperCase()}); stored durably, then answered 200`,
        parameters: [
          shopId,
          { name: 'token', in: 'query', required: true, schema: str, description: 'The webhook secret from the webhook URL.' },
          { name: 'event_type', in: 'query', required: true, schema: str, description: 'order.new, order.done, order.cancelled, product.add, product.update, product.delete' },
          { name: 'order_id', in: 'query', required: false, schema: str },
          { name: 'product_id', in: 'query', required: false, schema: str },
        ],
        responses: { 200: json({ type: 'object' }, 'Accepted (or ignored)'), 400: err[400], 401: err[401], 404: err[404] },
      },
    ]),
  ),
  '/shops': {
    post: {
      tags: ['shops'], summary: 'Create a shop', security: ADMIN, requestBody: body(ref('CreateShop')),
      responses: { 201: json(ref('ShopCreated'), 'Created; the webhook URL and support key are shown only now'), 400: err[400], 401: err[401], 409: json(ref('Error'), 'A shop with this id exists') },
    },
    get: {
      tags: ['shops'], summary: 'List shops', security: ADMIN,
      responses: { 200: json({ type: 'object', properties: { shops: { type: 'array', items: ref('ShopSummary') } } }, 'Shops'), 401: err[401] },
    },
  },
  '/shops/{shopId}': {
    get: {
      tags: ['shops'], summary: 'A shop: settings, Fortnox connection, order counts (no secrets)', security: SHOP, parameters: [shopId],
      responses: { 200: json(ref('Shop'), 'The shop'), 401: err[401], 404: err[404] },
    },
  },
  '/shops/{shopId}/settings': {
    patch: {
      tags: ['shops'],
      summary: 'Change settings (merge patch; null removes a map key)',
      description: 'Unknown keys are rejected. Values naming Fortnox registers are checked against the connected company; when not connected the answer says so in `warnings`.',
      security: SHOP, parameters: [shopId], requestBody: body(ref('SettingsPatch')),
      responses: { 200: json(ref('SettingsUpdated'), 'Merged settings'), ...err },
    },
  },
  '/shops/{shopId}/webhook-secret': {
    post: {
      tags: ['shops'], summary: 'Rotate the webhook secret (the old URL stops working at once)', security: ADMIN, parameters: [shopId],
      requestBody: body(ref('EmptyBody'), false),
      responses: { 200: json(ref('WebhookUrl'), 'The new webhook URL'), ...err },
    },
  },
  '/shops/{shopId}/fortnox': {
    get: {
      tags: ['fortnox'], summary: 'Fortnox connection status', security: SHOP, parameters: [shopId],
      responses: { 200: json(ref('FortnoxConnection'), 'Connection'), 401: err[401], 404: err[404] },
    },
  },
  '/shops/{shopId}/fortnox/connect': {
    get: {
      tags: ['fortnox'], summary: 'Start connecting Fortnox: redirects to the Fortnox consent page', security: SHOP,
      parameters: [shopId, ...queryParams(connectQuery)],
      responses: { 302: { description: 'To <FORTNOX_AUTH_URL>/oauth-v1/auth with a single-use state bound to the shop' }, ...err },
    },
  },
  '/fortnox/callback': {
    get: {
      tags: ['fortnox'], summary: 'Fortnox redirects here after consent; stores the tokens (public, bound by state)',
      parameters: queryParams(callbackQuery),
      responses: {
        200: { description: 'Connected (HTML for browsers, JSON otherwise)', content: { 'application/json': { schema: { type: 'object', properties: { status: str, shopId: str, tenantId: str, message: str } } }, 'text/html': { schema: str } } },
        400: { description: 'Declined consent, or an unknown, used or expired state', content: { 'application/json': { schema: ref('Error') }, 'text/html': { schema: str } } },
        502: { description: 'Fortnox did not answer', content: { 'application/json': { schema: ref('Error') }, 'text/html': { schema: str } } },
      },
    },
  },
  '/shops/{shopId}/orders/{orderId}': {
    get: {
      tags: ['status'], summary: 'What happened to an order (Temporal + database; answers without a worker too)', security: SHOP,
      parameters: [shopId, orderId], responses: { 200: json(ref('EntityStatus'), 'Order status'), ...err },
    },
  },
  '/shops/{shopId}/products/{productId}': {
    get: {
      tags: ['status'], summary: 'What happened to a product', security: SHOP,
      parameters: [shopId, productId], responses: { 200: json(ref('EntityStatus'), 'Product status'), ...err },
    },
  },
  '/shops/{shopId}/log': {
    get: {
      tags: ['status'], summary: 'The sync log, newest first (page with `before` = `nextBefore`)', security: SHOP,
      parameters: [shopId, ...queryParams(logQuery)], responses: { 200: json(ref('LogPage'), 'Entries'), ...err },
    },
  },
  '/errors': {
    get: {
      tags: ['status'], summary: 'The error catalog (sv + en); public',
      responses: { 200: json({ type: 'object', properties: { errors: { type: 'array', items: ref('CatalogEntry') } } }, 'Every code') },
    },
  },
  '/errors/{code}': {
    get: {
      tags: ['status'], summary: 'One error code explained; public', parameters: [pathParam('code', 'e.g. INVALID_ARTICLE_NUMBER')],
      responses: { 200: json(ref('CatalogEntry'), 'The code'), 400: err[400], 404: err[404] },
    },
  },
  '/shops/{shopId}/orders/{orderId}/sync': {
    post: {
      tags: ['actions'], summary: 'Send an order to Fortnox now (starts or joins order:<shop>:<order>)', security: SHOP,
      parameters: [shopId, orderId], requestBody: body(ref('EmptyBody'), false), responses: started('Started or joined'),
    },
  },
  '/shops/{shopId}/products/{productId}/sync': {
    post: {
      tags: ['actions'], summary: 'Sync a product to Fortnox now (starts or joins product:<shop>:<product>)', security: SHOP,
      parameters: [shopId, productId], requestBody: body(ref('EmptyBody'), false), responses: started('Started or joined'),
    },
  },
  '/shops/{shopId}/products/sync-all': {
    post: {
      tags: ['actions'], summary: 'Sync every product (workflow sync-all-products:<shop>)', security: SHOP,
      parameters: [shopId], requestBody: body(ref('EmptyBody'), false), responses: started('Started or joined'),
    },
  },
  '/shops/{shopId}/orders/resend': {
    post: {
      tags: ['actions'], summary: `Send every paid order of a date range again (at most ${MAX_RESEND_DAYS} days; workflow resend:<shop>:<from>:<to>)`,
      security: SHOP, parameters: [shopId], requestBody: body(ref('Resend')), responses: started('Started or joined'),
    },
  },
  '/shops/{shopId}/orders/{orderId}/retry': signalOp('order', 'retry'),
  '/shops/{shopId}/orders/{orderId}/skip': signalOp('order', 'skip'),
  '/shops/{shopId}/products/{productId}/retry': signalOp('product', 'retry'),
  '/shops/{shopId}/products/{productId}/skip': signalOp('product', 'skip'),
};

export function buildOpenApiDocument(publicUrl?: string): Json {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Quickbutik → Fortnox sync',
      version: '1.0.0',
      description:
        'Shop administration, Fortnox connect, support status and operator actions. Authenticate with ' +
        '`Authorization: Bearer <ADMIN_API_KEY>` or, for its own shop only, the shop\'s support key. Errors are ' +
        '`{"error", "message"}` JSON; unknown fields are rejected.',
    },
    ...(publicUrl ? { servers: [{ url: publicUrl }] } : {}),
    tags: ['shops', 'fortnox', 'status', 'actions', 'trust', 'webhooks', 'ops'].map((name) => ({ name })),
    paths: withSecurityPaths({ ...paths, ...trustPaths }),
    components: {
      schemas: { ...schemas, ...trustSchemas },
      securitySchemes: {
        adminKey: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY' },
        supportKey: { type: 'http', scheme: 'bearer', description: "A shop's support key (its own shop only; another shop answers 404)" },
      },
      responses: {
        BadRequest: json(ref('Error'), 'Invalid request: the message names each problem'),
        Unauthorized: json(ref('Error'), 'Missing or unknown API key'),
        NotFound: json(ref('Error'), 'No such shop, entity or workflow (or not yours)'),
      },
    },
  };
}

/** `GET /openapi.json`, public. */
export function openapiRouter(deps: ApiDeps): Router {
  const router = Router();
  const doc = buildOpenApiDocument(deps.config.PUBLIC_URL);
  router.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  return router;
}

// Error classification, one case per fault: each goes through the real transport against a tiny local server.
import express from 'express';
import { FortnoxError, classifyStatus, parseErrorBody } from '../../src/fortnox/errors';
import { requestToken } from '../../src/fortnox/token-endpoint';
import { fakeTransport, jsonApp, listen, type RunningServer } from '../fixtures/fortnox-fake-server';

let server: RunningServer;
let hits: Record<string, number> = {};
const hit = (k: string) => (hits[k] = (hits[k] ?? 0) + 1);

beforeAll(async () => {
  const app = jsonApp();
  app.all('/3/e5xx', (_req, res) => { res.status(502).json({ ErrorInformation: { error: 1, message: 'Bad gateway', code: 0 } }); });
  app.all('/3/system', (_req, res) => { res.status(500).json({ ErrorInformation: { Error: 1, Message: 'Systemfel', Code: 1000003 } }); });
  app.all('/3/html', (_req, res) => { res.status(503).type('html').send('<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Down</h1></body></html>'); });
  app.all('/3/html200', (_req, res) => { res.status(200).type('html').send('<html><body>maintenance</body></html>'); });
  app.all('/3/slow', (_req, res) => { setTimeout(() => res.json({ ok: true }), 2000).unref(); });
  app.all('/3/hang', () => { /* commit, then never answer */ });
  app.all('/3/reset', (req) => { req.socket.destroy(); });
  app.all('/3/burst429', (_req, res) => {
    if (hit('burst429') <= 2) return void res.status(429).send('');
    res.json({ ok: true });
  });
  app.all('/3/always429', (_req, res) => { hit('always429'); res.status(429).set('Retry-After', '0').send('Too Many Requests'); });
  app.all('/3/expired', (req, res) => {
    hit('expired');
    if (req.headers.authorization === 'Bearer tok-1') return void res.status(401).json({ message: 'unauthorized' });
    res.json({ ok: req.headers.authorization });
  });
  app.all('/3/always401', (_req, res) => { hit('always401'); res.status(401).json({ message: 'unauthorized' }); });
  app.all('/3/licence', (_req, res) => { res.status(400).json({ ErrorInformation: { error: 1, message: 'Saknar licens', code: 2001101 } }); });
  app.all('/3/scope', (_req, res) => { res.status(403).json({ ErrorInformation: { Error: 1, Message: 'Behörighet saknas', Code: 2000663 } }); });
  app.all('/3/forbidden', (_req, res) => { res.status(403).send(''); });
  app.all('/api/warehouse/rights', (_req, res) => { res.status(403).json({ code: 'missing.rights', message: 'Missing rights' }); });
  app.all('/3/validation', (_req, res) => { res.status(400).json({ ErrorInformation: { error: 1, message: 'Kunde inte hitta konto', code: 2000423 } }); });
  app.all('/3/notfound', (_req, res) => { res.status(404).json({ ErrorInformation: { Error: 1, Message: 'Kan inte hitta kunden.', Code: 2000433 } }); });
  app.post('/oauth-v1/token', express.urlencoded({ extended: false }), (req, res) => {
    const rt = new URLSearchParams(req.body as never).get('refresh_token');
    if (req.headers.authorization !== `Basic ${Buffer.from('cid:csecret').toString('base64')}`) {
      return void res.status(401).json({ error: 'invalid_client', error_description: 'The client credentials are invalid' });
    }
    if (rt !== 'good') return void res.status(400).type('html').send('{"error":"invalid_grant","error_description":"Invalid refresh token"}');
    res.json({ access_token: 'a', refresh_token: 'r2', expires_in: 3600, scope: 'article', token_type: 'bearer' });
  });
  server = await listen(app);
});
afterAll(() => server.close());
beforeEach(() => { hits = {}; });

async function failure(path: string, method: 'GET' | 'POST' | 'PUT' = 'GET', over = {}): Promise<FortnoxError> {
  const { transport } = fakeTransport(server.url, over);
  try {
    await transport.send('shop', { method, path, json: method === 'GET' ? undefined : { x: 1 } });
  } catch (err) {
    expect(err).toBeInstanceOf(FortnoxError);
    return err as FortnoxError;
  }
  throw new Error(`${method} ${path} did not fail`);
}

describe('Fortnox error classification per fault', () => {
  it('5xx → retryable; outcome unknown only for writes', async () => {
    const get = await failure('/3/e5xx');
    expect(get).toMatchObject({ kind: 'retryable', status: 502, outcomeUnknown: false, endpoint: 'GET /3/e5xx' });
    expect(await failure('/3/e5xx', 'POST')).toMatchObject({ kind: 'retryable', outcomeUnknown: true });
  });

  it('Fortnox system exception 1000003 → retryable', async () => {
    expect(await failure('/3/system', 'PUT')).toMatchObject({ kind: 'retryable', code: 1000003, fortnoxMessage: 'Systemfel', outcomeUnknown: true });
    expect(classifyStatus(400, 1000003)).toBe('retryable');
  });

  it('HTML error page → retryable, message from the page title', async () => {
    expect(await failure('/3/html')).toMatchObject({ kind: 'retryable', status: 503, fortnoxMessage: '503 Service Unavailable' });
  });

  it('HTML with 200 on a write → retryable, outcome unknown', async () => {
    expect(await failure('/3/html200', 'POST')).toMatchObject({ kind: 'retryable', code: 'invalid_json', outcomeUnknown: true });
  });

  it('slow answer (timeout) on a read → retryable, outcome known', async () => {
    expect(await failure('/3/slow', 'GET', { timeoutMs: 200 })).toMatchObject({ kind: 'retryable', code: 'timeout', outcomeUnknown: false });
  });

  it('commit then timeout on a POST → retryable, outcome unknown', async () => {
    expect(await failure('/3/hang', 'POST', { timeoutMs: 200 })).toMatchObject({ kind: 'retryable', code: 'timeout', outcomeUnknown: true });
  });

  it('connection reset → retryable; unknown for a POST', async () => {
    expect(await failure('/3/reset', 'POST')).toMatchObject({ kind: 'retryable', outcomeUnknown: true });
    expect(await failure('/3/reset', 'GET')).toMatchObject({ kind: 'retryable', outcomeUnknown: false });
  });

  it('connection refused → retryable; a POST that never left is not unknown', async () => {
    const closed = await listen(jsonApp());
    await closed.close(); // its port now refuses connections
    const { transport } = fakeTransport(closed.url);
    const err = await transport.send('shop', { method: 'POST', path: '/3/invoices', json: {} }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'retryable', code: 'ECONNREFUSED', outcomeUnknown: false });
  });

  it('burst of 429 → waits, marks the shared window used, retries the same request, succeeds', async () => {
    const { transport, limiter } = fakeTransport(server.url);
    const res = await transport.send('shop', { method: 'POST', path: '/3/burst429', json: {} });
    expect(res.body).toEqual({ ok: true });
    expect(hits.burst429).toBe(3);
    expect(limiter.penalized).toBe(2);
    expect(limiter.acquired).toBe(3); // every retry takes budget again
  });

  it('429 beyond the retry bound → retryable, not unknown (rejected before anything happened)', async () => {
    const err = await failure('/3/always429', 'POST', { max429Retries: 2 });
    expect(err).toMatchObject({ kind: 'retryable', status: 429, outcomeUnknown: false });
    expect(hits.always429).toBe(3);
  });

  it('expired access token → one refresh, one retry with the new token', async () => {
    const { transport, tokens } = fakeTransport(server.url);
    const res = await transport.send('shop', { method: 'GET', path: '/3/expired' });
    expect(res.body).toEqual({ ok: 'Bearer tok-2' });
    expect(tokens.stats.refreshes).toBe(1);
  });

  it('401 again after the refresh → reconnect, no loop', async () => {
    const { transport, tokens } = fakeTransport(server.url);
    const err = await transport.send('shop', { method: 'GET', path: '/3/always401' }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'reconnect', status: 401, fortnoxMessage: 'unauthorized' });
    expect(tokens.stats.refreshes).toBe(1);
    expect(hits.always401).toBe(2);
  });

  it('licence / scope / 403 → reconnect', async () => {
    expect(await failure('/3/licence')).toMatchObject({ kind: 'reconnect', code: 2001101 });
    expect(await failure('/3/scope')).toMatchObject({ kind: 'reconnect', code: 2000663, status: 403 });
    expect(await failure('/3/forbidden')).toMatchObject({ kind: 'reconnect', status: 403 });
    expect(await failure('/api/warehouse/rights')).toMatchObject({ kind: 'reconnect', code: 'missing.rights' });
    expect(classifyStatus(400, 2001103)).toBe('reconnect');
  });

  it('other 4xx with a code → data', async () => {
    expect(await failure('/3/validation', 'POST')).toMatchObject({ kind: 'data', code: 2000423, outcomeUnknown: false });
    expect(await failure('/3/notfound')).toMatchObject({ kind: 'data', status: 404, code: 2000433, fortnoxMessage: 'Kan inte hitta kunden.' });
  });

  it('invalid_grant and invalid_client from the token endpoint → reconnect', async () => {
    const config = { FORTNOX_AUTH_URL: server.url, FORTNOX_CLIENT_ID: 'cid', FORTNOX_CLIENT_SECRET: 'csecret' };
    await expect(requestToken({ config }, { grant_type: 'refresh_token', refresh_token: 'good' })).resolves.toMatchObject({ refresh_token: 'r2' });
    await expect(requestToken({ config }, { grant_type: 'refresh_token', refresh_token: 'used' }))
      .rejects.toMatchObject({ kind: 'reconnect', status: 400, code: 'invalid_grant', fortnoxMessage: 'Invalid refresh token' });
    await expect(requestToken({ config: { ...config, FORTNOX_CLIENT_SECRET: 'wrong' } }, { grant_type: 'refresh_token', refresh_token: 'good' }))
      .rejects.toMatchObject({ kind: 'reconnect', status: 401, code: 'invalid_client' });
  });

  it('parses both ErrorInformation casings, {"message"}, OAuth errors, HTML and text', () => {
    expect(parseErrorBody('{"ErrorInformation":{"Error":1,"Message":"Kan inte hitta artikeln.","Code":2000428}}'))
      .toEqual({ code: 2000428, message: 'Kan inte hitta artikeln.' });
    expect(parseErrorBody('{"ErrorInformation":{"error":1,"message":"Ett ogiltigt filter har använts.","code":"2000587"}}'))
      .toEqual({ code: 2000587, message: 'Ett ogiltigt filter har använts.' });
    expect(parseErrorBody('{"message":"unauthorized"}')).toEqual({ code: undefined, message: 'unauthorized' });
    expect(parseErrorBody('{"error":"invalid_grant","error_description":"Invalid refresh token"}'))
      .toEqual({ code: 'invalid_grant', message: 'Invalid refresh token' });
    expect(parseErrorBody('<html><body><h1>Bad &amp; broken</h1></body></html>')).toEqual({ message: 'Bad & broken' });
    expect(parseErrorBody('Too Many Requests')).toEqual({ message: 'Too Many Requests' });
    expect(parseErrorBody('')).toEqual({});
  });
});

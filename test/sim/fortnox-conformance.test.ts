// The Fortnox simulator against ../shared/reference/fortnox.md: one named check per rule the reference states, called
// over HTTP as a client calls Fortnox ("<reference section>: <fact>"). The recorded real answers are replayed by
// fortnox-sim-recordings.test.ts; these checks cover what the recordings do not show: OAuth rotation, the rate limit,
// the error codes, lists, string numbers and casing, and the accounting rules.
import { createFortnoxSim, type FortnoxSim } from '../../sim/fortnox/app';
import type { TenantOptions } from '../../sim/fortnox/types';
import { basic, call, listen, type Answer, type Listening } from './http';

const CLIENT = { id: 'conf-client', secret: 'conf-secret' };
const REDIRECT = 'http://127.0.0.1:9/callback';

interface World {
  sim: FortnoxSim;
  server: Listening;
  clock: { t: number };
}
const worlds: World[] = [];

/** A simulator on a free port with an injectable clock (for token lifetimes and the rate window). */
async function world(options: { rateLimit?: false } = {}): Promise<World> {
  const clock = { t: Date.parse('2025-03-03T09:00:00Z') };
  const { app, sim } = createFortnoxSim({ now: () => clock.t, clientId: CLIENT.id, clientSecret: CLIENT.secret, ...options });
  const w = { sim, server: await listen(app), clock };
  worlds.push(w);
  return w;
}
afterAll(async () => {
  for (const w of worlds) await w.server.close();
});

/** A tenant with a token, and calls that send it as a Fortnox client does. */
function company(w: World, options: TenantOptions = {}) {
  const tenantId = w.sim.createTenant(options).id;
  const token = w.sim.issueTokens(tenantId).access_token;
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  const api = (method: string, path: string, body?: unknown) => call(w.server.url, method, path, { headers, body });
  return {
    tenantId,
    token,
    get: (p: string) => api('GET', p),
    post: (p: string, b: unknown) => api('POST', p, b),
    put: (p: string, b?: unknown) => api('PUT', p, b),
    del: (p: string) => api('DELETE', p),
  };
}
type Company = ReturnType<typeof company>;

const code = (a: Answer) => a.json?.ErrorInformation?.code ?? a.json?.ErrorInformation?.Code;
const message = (a: Answer) => String(a.json?.ErrorInformation?.message ?? a.json?.ErrorInformation?.Message);
const expectError = (a: Answer, status: number, errorCode?: number) => {
  expect(a.status).toBe(status);
  if (errorCode !== undefined) expect(code(a)).toBe(errorCode);
};

const tokenRequest = (w: World, form: Record<string, string>, client = CLIENT, headers: Record<string, string> = {}) =>
  call(w.server.url, 'POST', '/oauth-v1/token', {
    headers: { Authorization: basic(client.id, client.secret), 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });

async function authorize(w: World, state = 'csrf-123'): Promise<string> {
  const q = new URLSearchParams({ client_id: CLIENT.id, response_type: 'code', state, scope: 'invoice customer', access_type: 'offline', redirect_uri: REDIRECT });
  const res = await call(w.server.url, 'GET', `/oauth-v1/auth?${q}`);
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe(state);
  return location.searchParams.get('code')!;
}
const exchange = (w: World, authCode: string) => tokenRequest(w, { grant_type: 'authorization_code', code: authCode, redirect_uri: REDIRECT });
const refresh = (w: World, refreshToken: string) => tokenRequest(w, { grant_type: 'refresh_token', refresh_token: refreshToken });
const bearerGet = (w: World, token: string, path = '/3/customers') =>
  call(w.server.url, 'GET', path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });

async function customer(c: Company, fields: Record<string, unknown> = {}) {
  const res = await c.post('/3/customers', { Customer: { Name: 'Anna Svensson', ...fields } });
  expect(res.status).toBe(201);
  return res.json.Customer;
}
async function article(c: Company, fields: Record<string, unknown>) {
  const res = await c.post('/3/articles', { Article: { Description: 'Vara', ...fields } });
  expect(res.status).toBe(201);
  return res.json.Article;
}
const invoice = (c: Company, fields: Record<string, unknown>) =>
  c.post('/3/invoices', { Invoice: { CustomerNumber: '1', InvoiceDate: '2025-03-03', ...fields } });

describe('Fortnox reference — Hosts', () => {
  it('Hosts: REST under /3/<resource>, warehouse under /api/warehouse/…, OAuth under /oauth-v1/{auth,token,revoke} on configurable base URLs', async () => {
    const w = await world({ rateLimit: false });
    const c = company(w);
    expect((await c.get('/3/customers')).status).toBe(200);
    expect((await c.get('/api/warehouse/tenants-v4')).status).toBe(200);
    expect((await authorize(w)).length).toBeGreaterThan(0);
    const revoke = await call(w.server.url, 'POST', '/oauth-v1/revoke', {
      headers: { Authorization: basic(CLIENT.id, CLIENT.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${c.token}`,
    });
    expect(revoke.status).toBe(200);
    expect((await c.get('/3/customers')).status).toBe(401);
  });
});

describe('Fortnox reference — Authentication', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ rateLimit: false });
  });

  it('Authentication: authorize (client_id, response_type=code, state, scope, access_type=offline, redirect_uri) redirects back with a code and the state', async () => {
    expect(await authorize(w, 'state-xyz')).toMatch(/\S+/);
  });

  it('Authentication: the code exchange (form-encoded, Basic client_id:client_secret) answers access_token, refresh_token, scope, expires_in 3600, token_type', async () => {
    const res = await exchange(w, await authorize(w));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), scope: 'invoice customer', expires_in: 3600, token_type: expect.stringMatching(/^bearer$/i) });
  });

  it('Authentication: the code is single-use', async () => {
    const authCode = await authorize(w);
    expect((await exchange(w, authCode)).status).toBe(200);
    const again = await exchange(w, authCode);
    expect([again.status, again.json.error]).toEqual([400, 'invalid_grant']);
  });

  it('Authentication: the code lives 10 minutes', async () => {
    const late = await authorize(w);
    const inTime = await authorize(w);
    w.clock.t += 9 * 60_000;
    expect((await exchange(w, inTime)).status).toBe(200);
    w.clock.t += 61_000;
    expect((await exchange(w, late)).json.error).toBe('invalid_grant');
  });

  it('Authentication: the access token is a JWT that lives 1 hour; expired on /3/… → 401 {"message":"unauthorized"}', async () => {
    const { access_token } = (await exchange(w, await authorize(w))).json;
    expect(access_token.split('.')).toHaveLength(3);
    w.clock.t += 3599_000;
    expect((await bearerGet(w, access_token)).status).toBe(200);
    w.clock.t += 2_000;
    const expired = await bearerGet(w, access_token);
    expect([expired.status, expired.json]).toEqual([401, { message: 'unauthorized' }]);
  });

  it('Authentication: every refresh returns a new refresh token and kills the old one; reuse → 400 invalid_grant "Invalid refresh token"', async () => {
    const first = (await exchange(w, await authorize(w))).json;
    const second = await refresh(w, first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json.refresh_token).not.toBe(first.refresh_token);
    expect((await bearerGet(w, second.json.access_token)).status).toBe(200);
    const reuse = await refresh(w, first.refresh_token);
    expect([reuse.status, reuse.json]).toEqual([400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }]);
    expect((await refresh(w, second.json.refresh_token)).status).toBe(200);
  });

  it('Authentication: two refreshes with the same token at once — one of them gets invalid_grant', async () => {
    const { refresh_token } = (await exchange(w, await authorize(w))).json;
    const answers = await Promise.all([refresh(w, refresh_token), refresh(w, refresh_token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
  });

  it('Authentication: the refresh token lives 45 days', async () => {
    const a = (await exchange(w, await authorize(w))).json;
    const b = (await exchange(w, await authorize(w))).json;
    w.clock.t += 44 * 86_400_000;
    expect((await refresh(w, a.refresh_token)).status).toBe(200);
    w.clock.t += 2 * 86_400_000;
    expect((await refresh(w, b.refresh_token)).json.error).toBe('invalid_grant');
  });

  it('Authentication: service accounts use client_credentials with a TenantId header and get no refresh token', async () => {
    const tenantId = w.sim.createTenant().id;
    const res = await tokenRequest(w, { grant_type: 'client_credentials' }, CLIENT, { TenantId: tenantId });
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toBeUndefined();
    expect((await bearerGet(w, res.json.access_token)).status).toBe(200);
  });

  it('Authentication: a bad client → 401 invalid_client', async () => {
    const res = await tokenRequest(w, { grant_type: 'refresh_token', refresh_token: 'x' }, { id: CLIENT.id, secret: 'wrong' });
    expect([res.status, res.json.error]).toEqual([401, 'invalid_client']);
  });

  it('Authentication: requests carry Authorization: Bearer; the legacy Access-Token / Client-Secret headers no longer work', async () => {
    const c = company(w);
    const legacy = await call(w.server.url, 'GET', '/3/customers', { headers: { 'Access-Token': c.token, 'Client-Secret': CLIENT.secret, Accept: 'application/json' } });
    expect(legacy.status).toBe(401);
    expect((await c.get('/3/customers')).status).toBe(200);
  });
});

describe('Fortnox reference — Rate limit', () => {
  it('Rate limit: 25 requests per 5-second sliding window per tenant; over it HTTP 429 (no Retry-After)', async () => {
    const w = await world();
    const c = company(w);
    for (let i = 0; i < 25; i++) expect((await c.get('/3/customers')).status).toBe(200);
    const over = await c.get('/3/customers');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeNull();
  });

  it('Rate limit: the window slides (requests leave it 5 s after they were made, not at a fixed boundary)', async () => {
    const w = await world();
    const c = company(w);
    for (let i = 0; i < 15; i++) await c.get('/3/customers');
    w.clock.t += 3000;
    for (let i = 0; i < 10; i++) expect((await c.get('/3/customers')).status).toBe(200);
    w.clock.t += 1999; // 4.999 s after the first 15: all 25 still in the window
    expect((await c.get('/3/customers')).status).toBe(429);
    w.clock.t += 2; // the first 15 have left
    for (let i = 0; i < 15; i++) expect((await c.get('/3/customers')).status).toBe(200);
    expect((await c.get('/3/customers')).status).toBe(429);
  });

  it('Rate limit: the budget is per company — more tokens for the same company add no capacity, another company has its own', async () => {
    const w = await world();
    const a = company(w);
    const second = w.sim.issueTokens(a.tenantId).access_token;
    for (let i = 0; i < 25; i++) await a.get('/3/customers');
    expect((await bearerGet(w, second)).status).toBe(429);
    expect((await company(w).get('/3/customers')).status).toBe(200);
  });
});

describe('Fortnox reference — Errors', () => {
  let w: World;
  let c: Company;
  beforeAll(async () => {
    w = await world({ rateLimit: false });
    c = company(w, { lockedUntil: '2025-01-31' });
    await customer(c);
    await article(c, { ArticleNumber: 'A1', StockGoods: true, QuantityInStock: 5 });
  });

  it('Errors: the usual body is {"ErrorInformation":{"error":1,"message":"<Swedish text>","code":N}}, key casing either Error/Message/Code or error/message/code', async () => {
    for (const res of [await c.get('/3/invoices/99999'), await c.get('/3/invoices?filter=nonsense')]) {
      const info = res.json.ErrorInformation;
      const lower = 'error' in info && 'message' in info && 'code' in info;
      const upper = 'Error' in info && 'Message' in info && 'Code' in info;
      expect(lower || upper).toBe(true);
      expect(typeof code(res)).toBe('number');
    }
  });

  it('Errors: 1000003 — system exception at Fortnox (5xx, retry)', async () => {
    const fault = w.sim.addFault({ tenantId: c.tenantId, kind: 'error5xx', count: 1, match: '^GET /3/units$' });
    const res = await c.get('/3/units');
    w.sim.removeFault(fault.id);
    expectError(res, 500, 1000003);
    expect((await c.get('/3/units')).status).toBe(200);
  });

  it('Errors: some failures return HTML, not JSON', async () => {
    const fault = w.sim.addFault({ tenantId: c.tenantId, kind: 'html', count: 1, match: '^GET /3/units$' });
    const res = await c.get('/3/units');
    w.sim.removeFault(fault.id);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('Errors: 1000030 / 1000031 — wrong Accept / Content-Type', async () => {
    const headers = { Authorization: `Bearer ${c.token}` };
    expectError(await call(w.server.url, 'GET', '/3/customers', { headers: { ...headers, Accept: 'text/xml' } }), 400, 1000030);
    expectError(await call(w.server.url, 'POST', '/3/customers', { headers: { ...headers, 'Content-Type': 'text/plain' }, body: 'Name=x' }), 400, 1000031);
  });

  it('Errors: 2000108 / 2000134 — value must be numeric / boolean', async () => {
    expectError(await c.post('/3/articles', { Article: { Description: 'x', PurchasePrice: 'abc' } }), 400, 2000108);
    expectError(await c.post('/3/articles', { Article: { Description: 'x', StockGoods: 'maybe' } }), 400, 2000134);
  });

  it('Errors: 2000166 — article number has characters that are not allowed', async () => {
    expectError(await c.post('/3/articles', { Article: { ArticleNumber: 'ÅÄÖ 1', Description: 'x' } }), 400, 2000166);
  });

  it('Errors: 2000359 — text with characters that are not allowed', async () => {
    expectError(await c.post('/3/customers', { Customer: { Name: 'Glad 😀' } }), 400, 2000359);
  });

  it('Errors: 2000433 — customer not found (GET and on a document)', async () => {
    expectError(await c.get('/3/customers/4711'), 404, 2000433);
    expectError(await invoice(c, { CustomerNumber: '4711' }), 400, 2000433);
  });

  it('Errors: 2000428 / 2001302 — article not found (GET / on a document row)', async () => {
    expectError(await c.get('/3/articles/NOPE'), 404, 2000428);
    expectError(await invoice(c, { InvoiceRows: [{ ArticleNumber: 'NOPE', DeliveredQuantity: 1 }] }), 400, 2001302);
  });

  it('Errors: 2000434 / 2000439 — invoice / order not found', async () => {
    expectError(await c.get('/3/invoices/99999'), 404, 2000434);
    expectError(await c.get('/3/orders/99999'), 404, 2000439);
  });

  it('Errors: 2000423 / 2001304 — account not found (a row account / an account on an article or customer card)', async () => {
    expectError(await invoice(c, { InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 10, AccountNumber: 9999 }] }), 400, 2000423);
    expectError(await c.post('/3/articles', { Article: { Description: 'x', SalesAccount: 9999 } }), 400, 2001304);
  });

  it('Errors: 2000587 / 2000865 — invalid filter value / invalid sort field', async () => {
    expectError(await c.get('/3/invoices?filter=nonsense'), 400, 2000587);
    expectError(await c.get('/3/invoices?sortby=nonsense'), 400, 2000865);
  });

  it('Errors: 2000637 — customer number already used, and it stays reserved after delete', async () => {
    await customer(c, { CustomerNumber: 'K100' });
    expectError(await c.post('/3/customers', { Customer: { Name: 'x', CustomerNumber: 'K100' } }), 400, 2000637);
    expect((await c.del('/3/customers/K100')).status).toBeLessThan(300);
    expectError(await c.post('/3/customers', { Customer: { Name: 'x', CustomerNumber: 'K100' } }), 400, 2000637);
  });

  it('Errors: 2000401 — accounting period is locked up to a date', async () => {
    expectError(await invoice(c, { InvoiceDate: '2025-01-15', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 10 }] }), 400, 2000401);
  });

  it('Errors: 2003055 — payment on an invoice that is already paid', async () => {
    const inv = (await invoice(c, { InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 100 }] })).json.Invoice;
    const pay = { InvoiceNumber: Number(inv.DocumentNumber), Amount: inv.Total, PaymentDate: '2025-03-03' };
    expect((await c.post('/3/invoicepayments', { InvoicePayment: pay })).status).toBe(201);
    expectError(await c.post('/3/invoicepayments', { InvoicePayment: pay }), 400, 2003055);
  });

  it('Errors: 2003498 — with Lager an invoice must be finalised before bookkeeping', async () => {
    const lager = company(w, { lager: true });
    await customer(lager);
    const inv = (await invoice(lager, { NotCompleted: true, InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 10 }] })).json.Invoice;
    expectError(await lager.put(`/3/invoices/${inv.DocumentNumber}/bookkeep`), 400, 2003498);
  });

  it('Errors: 2003977 — a row with a quantity but no description or article', async () => {
    expectError(await invoice(c, { InvoiceRows: [{ DeliveredQuantity: 1, Price: 10 }] }), 400, 2003977);
  });

  it('Errors: "Kunde inte hitta moms" / "leveranssätt" / unknown currency / unknown cost center fail as 400 with the Swedish message', async () => {
    const row = { Description: 'x', DeliveredQuantity: 1, Price: 10 };
    expect(message(await invoice(c, { InvoiceRows: [{ ...row, VAT: 19 }] }))).toMatch(/Kunde inte hitta moms/);
    expect(message(await invoice(c, { WayOfDelivery: 'ZZZ', InvoiceRows: [row] }))).toMatch(/Kunde inte hitta leveranssätt/);
    const currency = await invoice(c, { Currency: 'JPY', InvoiceRows: [row] });
    expect([currency.status, message(currency)]).toEqual([400, expect.stringMatching(/valuta/i)]);
    const costCenter = await invoice(c, { CostCenter: 'NOPE', InvoiceRows: [row] });
    expect([costCenter.status, message(costCenter)]).toEqual([400, expect.stringMatching(/kostnadsställe/i)]);
  });

  it('Errors: statuses — 2xx success, 400 validation, 401 token, 404 not found, 429 rate limit, 5xx Fortnox side', async () => {
    expect((await c.post('/3/customers', { Customer: { Name: 'Ny' } })).status).toBe(201);
    expect((await c.post('/3/customers', { Customer: {} })).status).toBe(400);
    expect((await bearerGet(w, 'not-a-token')).status).toBe(401);
    expect((await c.get('/3/customers/nobody')).status).toBe(404);
  });
});

describe('Fortnox reference — Lists and search', () => {
  let c: Company;
  beforeAll(async () => {
    c = company(await world({ rateLimit: false }));
    for (let i = 1; i < 120; i++) await c.post('/3/customers', { Customer: { Name: `Kund ${i}`, Email: `k${i}@example.se`, City: i % 2 ? 'Malmö' : 'Lund' } });
    await c.post('/3/customers', { Customer: { Name: 'Ref', CustomerNumber: 'R1' } });
  });

  it('Lists: limit defaults to 100 (max 500), page from 1; every list carries MetaInformation {@TotalResources, @TotalPages, @CurrentPage}', async () => {
    const first = (await c.get('/3/customers')).json;
    expect(first.Customers).toHaveLength(100);
    expect(first.MetaInformation).toEqual({ '@TotalResources': 120, '@TotalPages': 2, '@CurrentPage': 1 });
    expect((await c.get('/3/customers?page=2')).json.Customers).toHaveLength(20);
    expect((await c.get('/3/customers?limit=500')).json.Customers).toHaveLength(120);
    expect((await c.get('/3/customers?limit=1000')).json.MetaInformation['@TotalPages']).toBe(1);
  });

  it('Lists: filters are lowercase query parameters; search is a substring match (compare exactly client-side)', async () => {
    const hits = (await c.get('/3/customers?email=k1@example.se')).json.Customers.map((x: { Email: string }) => x.Email);
    expect(hits).toContain('k1@example.se');
    expect(hits).not.toContain('k11@example.se'); // "k1@" is not inside "k11@"
    const sub = (await c.get('/3/customers?name=Kund 1')).json.Customers.map((x: { Name: string }) => x.Name);
    expect(sub).toEqual(expect.arrayContaining(['Kund 1', 'Kund 10', 'Kund 100', 'Kund 119']));
    expect(sub).not.toContain('Kund 2');
  });

  it('Lists: search by externalinvoicereference1=123 also finds 1123', async () => {
    for (const ref of ['123', '1123', '999']) await invoice(c, { CustomerNumber: 'R1', ExternalInvoiceReference1: ref, InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 1 }] });
    const refs = (await c.get('/3/invoices?externalinvoicereference1=123')).json.Invoices.map((i: { ExternalInvoiceReference1: string }) => i.ExternalInvoiceReference1);
    expect(refs.sort()).toEqual(['1123', '123']);
  });

  it('Lists: bodies in a singular root ({"Invoice":{…}}), lists in a plural root with MetaInformation', async () => {
    const one = await invoice(c, { CustomerNumber: 'R1', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 1 }] });
    expect(Object.keys(one.json)).toEqual(['Invoice']);
    expect(Object.keys((await c.get('/3/invoices')).json).sort()).toEqual(['Invoices', 'MetaInformation']);
  });

  it('Lists: dates YYYY-MM-DD, and many numbers come back as strings', async () => {
    const inv = (await invoice(c, { CustomerNumber: 'R1', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 2, Price: 10 }] })).json.Invoice;
    expect(inv.InvoiceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof inv.DocumentNumber).toBe('string');
    expect(typeof inv.InvoiceRows[0].DeliveredQuantity).toBe('string');
    const listed = (await c.get(`/3/invoices?documentnumber=${inv.DocumentNumber}`)).json.Invoices[0];
    expect(typeof listed.CurrencyRate).toBe('string');
    expect(typeof inv.Total).toBe('number');
  });

  it('Lists: API_BLANK clears a field', async () => {
    const cu = await customer(c, { Phone1: '08-123 45' });
    const res = await c.put(`/3/customers/${cu.CustomerNumber}`, { Customer: { Phone1: 'API_BLANK' } });
    expect(res.json.Customer.Phone1).toBe('');
  });

  it('Lists: text takes letters incl. å ä ö é ü ø æ and the typographic ’, not " < > [ ] { } ~ | or the straight \'', async () => {
    expect((await c.post('/3/customers', { Customer: { Name: 'Åsa Öberg-Müller ’ Søren Æbelø é' } })).status).toBe(201);
    for (const bad of ['"x"', '<x>', '[x]', '{x}', 'a~b', 'a|b', "O'Brien"]) expectError(await c.post('/3/customers', { Customer: { Name: bad } }), 400, 2000359);
  });
});

describe('Fortnox reference — Resources used by the sync', () => {
  let w: World;
  let c: Company;
  beforeAll(async () => {
    w = await world({ rateLimit: false });
    c = company(w, { currencies: ['SEK', 'EUR'], costCenters: ['WEBB'] });
    await customer(c, { CustomerNumber: 'C1' });
  });

  it('Customers: Name required; CustomerNumber optional (next in series); ZipCode ≤ 10; Type and VATType kept', async () => {
    expect((await c.post('/3/customers', { Customer: { Email: 'x@y.se' } })).status).toBe(400);
    const a = await customer(c, { Type: 'COMPANY', VATType: 'EUREVERSEDVAT', CountryCode: 'DE', VATNumber: 'DE123456789', OrganisationNumber: 'HRB 1' });
    const b = await customer(c);
    expect(Number(b.CustomerNumber)).toBe(Number(a.CustomerNumber) + 1);
    expect(a).toMatchObject({ Type: 'COMPANY', VATType: 'EUREVERSEDVAT', CountryCode: 'DE', VATNumber: 'DE123456789' });
    expect((await c.post('/3/customers', { Customer: { Name: 'x', ZipCode: '12345678901' } })).status).toBe(400);
  });

  it('Customers: filters email, name, customernumber, organisationnumber, phone, zipcode', async () => {
    await customer(c, { Name: 'Filter Fia', Email: 'fia@example.se', OrganisationNumber: '556677-8899', Phone1: '070-1112233', ZipCode: '11122' });
    for (const q of ['email=fia@example.se', 'name=Filter Fia', 'organisationnumber=556677-8899', 'phone=070-1112233', 'zipcode=11122']) {
      expect((await c.get(`/3/customers?${q}`)).json.Customers.map((x: { Name: string }) => x.Name)).toContain('Filter Fia');
    }
  });

  it('Articles: ArticleNumber ≤ 50, Description required (≤ 200), numbers from a series when not given', async () => {
    expect((await c.post('/3/articles', { Article: { ArticleNumber: 'X'.repeat(51), Description: 'x' } })).status).toBe(400);
    expect((await c.post('/3/articles', { Article: { ArticleNumber: 'NODESC' } })).status).toBe(400);
    expect((await c.post('/3/articles', { Article: { Description: 'd'.repeat(201) } })).status).toBe(400);
    expect((await article(c, { Description: 'Serie' })).ArticleNumber).toMatch(/^\d+$/);
  });

  it('Articles: SalesPrice is read-only; prices go through /3/prices (default list A)', async () => {
    expect((await c.post('/3/articles', { Article: { ArticleNumber: 'P1', Description: 'x', SalesPrice: 100 } })).status).toBe(400);
    await article(c, { ArticleNumber: 'P1' });
    expect((await c.get('/3/pricelists')).json.PriceLists.map((p: { Code: string }) => p.Code)).toContain('A');
    expect((await c.post('/3/prices', { Price: { ArticleNumber: 'P1', PriceList: 'A', FromQuantity: 0, Price: 199 } })).status).toBe(201);
    expect((await c.put('/3/prices/A/P1/0', { Price: { Price: 249 } })).json.Price.Price).toBe(249);
    expect(Number((await c.get('/3/articles/P1')).json.Article.SalesPrice)).toBe(249);
  });

  it('Articles: QuantityInStock is writable only while Lager is not active', async () => {
    expect((await article(c, { ArticleNumber: 'Q1', StockGoods: true, QuantityInStock: 7 })).QuantityInStock).toBe(7);
    const lager = company(w, { lager: true });
    expect((await lager.post('/3/articles', { Article: { ArticleNumber: 'Q1', Description: 'x', QuantityInStock: 7 } })).status).toBe(400);
  });

  it('Images: upload POST /3/archive (multipart field file) → File.Id; link with /3/articlefileconnections; list with ?articlenumber=', async () => {
    await article(c, { ArticleNumber: 'IMG1' });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('89504e470d0a1a0a', 'hex')], { type: 'image/png' }), 'bild.png');
    const up = await fetch(`${w.server.url}/3/archive`, { method: 'POST', headers: { Authorization: `Bearer ${c.token}`, Accept: 'application/json' }, body: form });
    const fileId = ((await up.json()) as { File: { Id: string } }).File.Id;
    expect(fileId).toEqual(expect.any(String));
    expect((await c.post('/3/articlefileconnections', { ArticleFileConnection: { FileId: fileId, ArticleNumber: 'IMG1' } })).status).toBe(201);
    expect((await c.get('/3/articlefileconnections?articlenumber=IMG1')).json.ArticleFileConnections.map((x: { FileId: string }) => x.FileId)).toEqual([fileId]);
  });

  it('Invoices: CustomerNumber required and must exist; header lengths YourOrderNumber ≤ 75, ExternalInvoiceReference1 ≤ 80, YourReference ≤ 50', async () => {
    const row = { Description: 'x', DeliveredQuantity: 1, Price: 1 };
    expect((await c.post('/3/invoices', { Invoice: { InvoiceRows: [row] } })).status).toBe(400);
    expect((await invoice(c, { CustomerNumber: 'C1', YourOrderNumber: 'y'.repeat(76), InvoiceRows: [row] })).status).toBe(400);
    expect((await invoice(c, { CustomerNumber: 'C1', ExternalInvoiceReference1: 'e'.repeat(81), InvoiceRows: [row] })).status).toBe(400);
    expect((await invoice(c, { CustomerNumber: 'C1', YourReference: 'r'.repeat(51), InvoiceRows: [row] })).status).toBe(400);
    expect((await invoice(c, { CustomerNumber: 'C1', YourOrderNumber: 'y'.repeat(75), ExternalInvoiceReference1: 'e'.repeat(80), InvoiceRows: [row] })).status).toBe(201);
  });

  it('Invoices: Total, TotalVAT, RoundOff, Gross, Net, Booked, Cancelled, Sent, Balance, FreightVAT are read-only', async () => {
    for (const field of ['Total', 'TotalVAT', 'RoundOff', 'Gross', 'Net', 'Booked', 'Cancelled', 'Sent', 'Balance', 'FreightVAT']) {
      const value = ['Booked', 'Cancelled', 'Sent'].includes(field) ? true : 1;
      expect((await invoice(c, { CustomerNumber: 'C1', [field]: value, InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 1 }] })).status).toBe(400);
    }
  });

  it('Invoices: rows take Description ≤ 255, an existing VAT rate (25/12/6/0), Discount + DiscountType, AccountNumber, CostCenter; at most 500 rows', async () => {
    const row = { Description: 'x', DeliveredQuantity: 1, Price: 100 };
    expect((await invoice(c, { CustomerNumber: 'C1', InvoiceRows: [{ ...row, Description: 'd'.repeat(256) }] })).status).toBe(400);
    for (const vat of [25, 12, 6, 0]) expect((await invoice(c, { CustomerNumber: 'C1', InvoiceRows: [{ ...row, VAT: vat }] })).status).toBe(201);
    const discounted = (await invoice(c, { CustomerNumber: 'C1', InvoiceRows: [{ ...row, Discount: 10, DiscountType: 'PERCENT', AccountNumber: 3001, CostCenter: 'WEBB' }] })).json.Invoice;
    expect(discounted.InvoiceRows[0]).toMatchObject({ AccountNumber: 3001, CostCenter: 'WEBB', DiscountType: 'PERCENT' });
    expect((await invoice(c, { CustomerNumber: 'C1', InvoiceRows: Array.from({ length: 501 }, () => row) })).status).toBe(400);
  });

  it('Invoices: VATIncluded makes row Price gross', async () => {
    // 1 × 125 gross at 25 %: net 100, VAT 25, total 125. The same price without VATIncluded: net 125, VAT 31.25, total 156.25 → 156 (öresavrundning).
    const gross = (await invoice(c, { CustomerNumber: 'C1', VATIncluded: true, InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 125, VAT: 25 }] })).json.Invoice;
    expect([gross.Total, gross.TotalVAT]).toEqual([125, 25]);
    const net = (await invoice(c, { CustomerNumber: 'C1', VATIncluded: false, InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 125, VAT: 25 }] })).json.Invoice;
    expect([net.Total, net.TotalVAT]).toEqual([156, 31.25]);
  });

  it('Invoices: bookkeep; cancel only unbooked; a booked invoice credits into a credit invoice, once; externalprint; invoices cannot be deleted', async () => {
    const make = async () => (await invoice(c, { CustomerNumber: 'C1', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 100 }] })).json.Invoice.DocumentNumber;
    const a = await make();
    expect((await c.put(`/3/invoices/${a}/cancel`)).json.Invoice.Cancelled).toBe(true);
    const b = await make();
    expect((await c.put(`/3/invoices/${b}/bookkeep`)).json.Invoice.Booked).toBe(true);
    expect((await c.put(`/3/invoices/${b}/cancel`)).status).toBe(400);
    expect((await c.put(`/3/invoices/${b}`, { Invoice: { Remarks: 'ändrad' } })).status).toBe(400);
    const credited = await c.put(`/3/invoices/${b}/credit`);
    expect(credited.status).toBe(200);
    const creditNumber = credited.json.Invoice.CreditInvoiceReference;
    expect(Number(creditNumber)).toBeGreaterThan(0);
    expect((await c.get(`/3/invoices/${creditNumber}`)).json.Invoice.Total).toBe(-100 * 1.25);
    expect((await c.put(`/3/invoices/${b}/credit`)).status).toBe(400);
    expect((await c.put(`/3/invoices/${await make()}/externalprint`)).status).toBe(200);
    expect((await c.del(`/3/invoices/${b}`)).status).toBeGreaterThanOrEqual(400);
    expect((await c.get(`/3/invoices/${b}`)).status).toBe(200);
  });

  it('Orders: the same document model; OrderedQuantity + DeliveredQuantity; createinvoice and cancel', async () => {
    const order = (await c.post('/3/orders', { Order: { CustomerNumber: 'C1', OrderDate: '2025-03-03', OrderRows: [{ Description: 'x', OrderedQuantity: 2, DeliveredQuantity: 2, Price: 50 }] } })).json.Order;
    expect(order.Total).toBe(125);
    const inv = await c.put(`/3/orders/${order.DocumentNumber}/createinvoice`);
    expect(inv.json.Invoice.Total).toBe(125);
    const other = (await c.post('/3/orders', { Order: { CustomerNumber: 'C1', OrderDate: '2025-03-03', OrderRows: [{ Description: 'x', OrderedQuantity: 1, DeliveredQuantity: 1, Price: 1 }] } })).json.Order;
    expect((await c.put(`/3/orders/${other.DocumentNumber}/cancel`)).json.Order.Cancelled).toBe(true);
  });

  it('Invoices: list filters externalinvoicereference1 (returned in list items), yourordernumber (invoices only, not in list items), customernumber, fromdate/todate, filter=cancelled|unbooked|unpaid', async () => {
    await customer(c, { CustomerNumber: 'L1' });
    await invoice(c, { CustomerNumber: 'L1', ExternalInvoiceReference1: 'qb:s:77', YourOrderNumber: '77', InvoiceDate: '2025-03-04', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 1 }] });
    const byRef = (await c.get('/3/invoices?externalinvoicereference1=qb:s:77')).json.Invoices;
    expect(byRef).toHaveLength(1);
    expect(byRef[0].ExternalInvoiceReference1).toBe('qb:s:77');
    expect(byRef[0]).not.toHaveProperty('YourOrderNumber');
    expect((await c.get('/3/invoices?yourordernumber=77')).json.Invoices).toHaveLength(1);
    expect((await c.get('/3/invoices?customernumber=L1')).json.Invoices).toHaveLength(1);
    expect((await c.get('/3/invoices?fromdate=2025-03-04&todate=2025-03-04')).json.Invoices.map((i: { CustomerNumber: string }) => i.CustomerNumber)).toEqual(['L1']);
    for (const f of ['cancelled', 'unbooked', 'unpaid']) expect((await c.get(`/3/invoices?filter=${f}`)).status).toBe(200);
  });

  it('Invoice payments: InvoiceNumber, Amount, PaymentDate (not before the invoice date), ModeOfPayment; then bookkeep; AmountCurrency when not SEK', async () => {
    const inv = (await invoice(c, { CustomerNumber: 'C1', InvoiceDate: '2025-03-03', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 80 }] })).json.Invoice;
    const base = { InvoiceNumber: Number(inv.DocumentNumber), Amount: inv.Total, ModeOfPayment: 'KORT' };
    expect((await c.post('/3/invoicepayments', { InvoicePayment: { ...base, PaymentDate: '2025-03-02' } })).status).toBe(400);
    const paid = await c.post('/3/invoicepayments', { InvoicePayment: { ...base, PaymentDate: '2025-03-03' } });
    expect(paid.status).toBe(201);
    expect((await c.put(`/3/invoicepayments/${paid.json.InvoicePayment.Number}/bookkeep`)).status).toBe(200);
    const eur = (await invoice(c, { CustomerNumber: 'C1', Currency: 'EUR', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 10 }] })).json.Invoice;
    expect((await c.post('/3/invoicepayments', { InvoicePayment: { InvoiceNumber: Number(eur.DocumentNumber), Amount: 100, PaymentDate: '2025-03-03' } })).status).toBe(400);
    expect((await c.post('/3/invoicepayments', { InvoicePayment: { InvoiceNumber: Number(eur.DocumentNumber), Amount: 100, AmountCurrency: eur.Total, PaymentDate: '2025-03-03' } })).status).toBe(201);
  });

  it('Registers: costcenters (Code 1–6 chars), accounts (4-digit Number, Active), predefinedaccounts, modesofpayments, wayofdeliveries, currencies, pricelists', async () => {
    expect((await c.post('/3/costcenters', { CostCenter: { Code: 'ABCDEFG', Description: 'x' } })).status).toBe(400);
    expect((await c.post('/3/costcenters', { CostCenter: { Code: 'NORR', Description: 'Norr' } })).status).toBe(201);
    const accounts = (await c.get('/3/accounts?limit=500')).json.Accounts as { Number: number; Active: boolean }[];
    for (const a of accounts) expect(String(a.Number)).toMatch(/^\d{4}$/);
    const predefined = (await c.get('/3/predefinedaccounts')).json.PreDefinedAccounts.map((p: { Name: string }) => p.Name);
    for (const name of ['SALES_25_SE', 'SALES_12_SE', 'SALES_6_SE', 'SALES_0_SE', 'SALESEUVAT', 'SALESEUREV', 'SALESEXPORT', 'FREIGHT', 'ROUNDOFF', 'OUTVAT_MP1', 'OUTVAT_MP2', 'OUTVAT_MP3']) expect(predefined).toContain(name);
    for (const path of ['/3/modesofpayments', '/3/wayofdeliveries', '/3/currencies', '/3/pricelists']) expect((await c.get(path)).status).toBe(200);
  });

  it('Registers: /3/settings/company carries DatabaseNumber (the tenant id); /3/companyinformation answers', async () => {
    expect(String((await c.get('/3/settings/company')).json.CompanySettings.DatabaseNumber)).toBe(c.tenantId);
    expect((await c.get('/3/companyinformation')).status).toBe(200);
  });

  it('Registers: BAS defaults — 3001 sales 25 %, 3002 12 %, 3003 6 %, 3004 VAT-exempt, 3520 invoiced freight, 3740 rounding', async () => {
    const predefined = Object.fromEntries((await c.get('/3/predefinedaccounts')).json.PreDefinedAccounts.map((p: { Name: string; Account: number }) => [p.Name, Number(p.Account)]));
    expect(predefined).toMatchObject({ SALES_25_SE: 3001, SALES_12_SE: 3002, SALES_6_SE: 3003, SALES_0_SE: 3004, FREIGHT: 3520, ROUNDOFF: 3740 });
  });

  it('Warehouse: tenants-v4 tells whether Lager is active; stockbalance?itemIds=A,B → [{itemId, stockPointCode, availableStock, inStock}]; error keys are strings (missing.rights)', async () => {
    const off = await c.get('/api/warehouse/status-v1/stockbalance?itemIds=Q1');
    expect([off.status, typeof off.json.code]).toEqual([403, 'string']);
    expect((await c.get('/api/warehouse/tenants-v4')).json.activated).toBe(false);
    const lager = company(w, { lager: true });
    await article(lager, { ArticleNumber: 'W1', StockGoods: true });
    await article(lager, { ArticleNumber: 'W2', StockGoods: true });
    w.sim.setStock(lager.tenantId, { W1: 4, W2: 1 });
    expect((await lager.get('/api/warehouse/tenants-v4')).json.activated).toBe(true);
    const balance = (await lager.get('/api/warehouse/status-v1/stockbalance?itemIds=W1,W2')).json;
    expect(balance).toEqual([
      { itemId: 'W1', stockPointCode: expect.any(String), availableStock: 4, inStock: 4 },
      { itemId: 'W2', stockPointCode: expect.any(String), availableStock: 1, inStock: 1 },
    ]);
  });

  it('Warehouse: with Lager on, a row for an article with stock ≤ 0 silently gets DeliveredQuantity 0 unless negative stock is allowed', async () => {
    for (const allowNegativeStock of [false, true]) {
      const lager = company(w, { lager: true, allowNegativeStock });
      await customer(lager);
      await article(lager, { ArticleNumber: 'EMPTY', StockGoods: true });
      const inv = (await invoice(lager, { InvoiceRows: [{ ArticleNumber: 'EMPTY', DeliveredQuantity: 2, Price: 10 }] })).json.Invoice;
      expect(inv.InvoiceRows[0].DeliveredQuantity).toBe(allowNegativeStock ? '2' : '0');
    }
  });
});

describe('Fortnox reference — Idempotency', () => {
  it('Idempotency: there is none — a retried POST creates a second invoice; the reference search finds both', async () => {
    const c = company(await world({ rateLimit: false }));
    await customer(c);
    const body = { ExternalInvoiceReference1: 'qb:shop:1001', InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 10 }] };
    const first = (await invoice(c, body)).json.Invoice.DocumentNumber;
    const second = (await invoice(c, body)).json.Invoice.DocumentNumber;
    expect(second).not.toBe(first);
    expect((await c.get('/3/invoices?externalinvoicereference1=qb:shop:1001')).json.Invoices).toHaveLength(2);
  });
});

describe('Fortnox reference — Bookkeeping pitfalls', () => {
  let c: Company;
  beforeAll(async () => {
    c = company(await world({ rateLimit: false }), { currencies: ['SEK', 'EUR'] });
    await customer(c);
  });

  it('Bookkeeping: header Freight gets the VAT rate of the largest amount on the document', async () => {
    // Net rows 100 @ 25 % and 300 @ 12 %: freight 40 is taxed at 12 % (the largest amount), not split pro rata.
    // VAT = 25 + 36 + 40 × 12 % = 4.80 → 65.80; total 400 + 40 + 65.80 = 505.80 → 506 (öresavrundning).
    const inv = (await invoice(c, { Freight: 40, InvoiceRows: [{ Description: 'a', DeliveredQuantity: 1, Price: 100, VAT: 25 }, { Description: 'b', DeliveredQuantity: 1, Price: 300, VAT: 12 }] })).json.Invoice;
    expect(inv.FreightVAT).toBeCloseTo(4.8, 2);
    expect(inv.TotalVAT).toBeCloseTo(65.8, 2);
    expect(inv.Total).toBe(506);
  });

  it('Bookkeeping: RoundOff and Total are computed by Fortnox (öresavrundning in SEK)', async () => {
    // 3 × 33.33 net @ 25 %: net 99.99, VAT 25.00 (24.9975), gross 124.99 → Total 125, RoundOff 0.01.
    const inv = (await invoice(c, { InvoiceRows: [{ Description: 'x', DeliveredQuantity: 3, Price: 33.33, VAT: 25 }] })).json.Invoice;
    expect(inv.Total).toBe(125);
    expect(inv.RoundOff).toBeCloseTo(0.01, 2);
    expect((await invoice(c, { Total: 125, InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 1 }] })).status).toBe(400);
  });

  it('Bookkeeping: Fortnox never returns per-row VAT amounts', async () => {
    const row = (await invoice(c, { InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 100, VAT: 25 }] })).json.Invoice.InvoiceRows[0];
    for (const key of Object.keys(row)) expect(key).not.toMatch(/^(VATAmount|RowVAT|TotalVAT)$/);
    expect(row.VAT).toBe(25);
  });

  it('Bookkeeping: foreign currency must be enabled in the currency register', async () => {
    const row = { Description: 'x', DeliveredQuantity: 1, Price: 10 };
    expect((await invoice(c, { Currency: 'EUR', InvoiceRows: [row] })).status).toBe(201);
    expect((await invoice(c, { Currency: 'USD', InvoiceRows: [row] })).status).toBe(400);
  });

  it('Bookkeeping: a booked invoice cannot be edited; corrections are a credit invoice (one per invoice)', async () => {
    const n = (await invoice(c, { InvoiceRows: [{ Description: 'x', DeliveredQuantity: 1, Price: 10 }] })).json.Invoice.DocumentNumber;
    await c.put(`/3/invoices/${n}/bookkeep`);
    expect((await c.put(`/3/invoices/${n}`, { Invoice: { InvoiceRows: [{ Description: 'y', DeliveredQuantity: 1, Price: 20 }] } })).status).toBe(400);
    expect((await c.put(`/3/invoices/${n}/credit`)).status).toBe(200);
    expect((await c.put(`/3/invoices/${n}/credit`)).status).toBe(400);
  });

  it('Bookkeeping: locked periods (2000401) block documents dated into them', async () => {
    const locked = company(await world({ rateLimit: false }), { lockedUntil: '2025-02-28' });
    await customer(locked);
    const row = { Description: 'x', DeliveredQuantity: 1, Price: 10 };
    expectError(await invoice(locked, { InvoiceDate: '2025-02-28', InvoiceRows: [row] }), 400, 2000401);
    expect((await invoice(locked, { InvoiceDate: '2025-03-01', InvoiceRows: [row] })).status).toBe(201);
  });
});

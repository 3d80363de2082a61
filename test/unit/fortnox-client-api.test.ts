// The typed FortnoxApi over the real transport against a tiny local server: paths, headers, paging,
// exact client-side comparison, not-found handling, price upsert, multipart upload, stock batching.
import type { Request } from 'express';
import { createFortnoxApi, fortnoxDateTime, type FortnoxApi } from '../../src/fortnox/api';
import { fakeTransport, jsonApp, listen, type RunningServer } from '../fixtures/fortnox-fake-server';

let server: RunningServer;
let api: FortnoxApi;
const seen: Array<{ method: string; url: string; headers: Request['headers']; body: unknown }> = [];

const meta = (total: number, pages: number, page: number) => ({
  MetaInformation: { '@TotalResources': total, '@TotalPages': pages, '@CurrentPage': page },
});
const prices = new Map<string, number>([['A/SKU 1', 100]]);

beforeAll(async () => {
  const app = jsonApp();
  app.use((req, _res, next) => {
    seen.push({ method: req.method, url: req.originalUrl, headers: req.headers, body: req.body });
    next();
  });
  app.get('/3/invoices', (req, res) => {
    // Fortnox matches substrings: page 1 has a near miss, page 2 the real one.
    const page = Number(req.query.page);
    const ref = String(req.query.externalinvoicereference1);
    const rows = page === 1
      ? [{ DocumentNumber: '7', ExternalInvoiceReference1: `x${ref}`, Total: '10' }]
      : [{ DocumentNumber: 8, ExternalInvoiceReference1: ref, Total: 125.5, Booked: 'false' }];
    res.json({ ...meta(2, 2, page), Invoices: rows });
  });
  app.get('/3/orders', (_req, res) => { res.json({ ...meta(0, 0, 1), Orders: [] }); });
  app.get('/3/customers', (req, res) => {
    res.json({
      ...meta(3, 1, 1),
      Customers: [
        { CustomerNumber: '1', Name: 'A', Email: 'Anna@Example.com ' },
        { CustomerNumber: 2, Name: 'B', Email: 'xanna@example.com' },
        { CustomerNumber: '3', Name: 'C', Email: String(req.query.email).toUpperCase() },
      ],
    });
  });
  app.get('/3/articles/:n', (req, res) => {
    if (req.params.n === 'missing') return void res.status(404).json({ ErrorInformation: { Error: 1, Message: 'Kan inte hitta artikeln.', Code: 2000428 } });
    res.json({ Article: { ArticleNumber: req.params.n, Description: 'T', QuantityInStock: '3', SalesPrice: null } });
  });
  app.get('/3/articles', (req, res) => { res.json({ ...meta(1, 1, 1), Articles: [{ ArticleNumber: 'A', Description: 'x', lastmodified: req.query.lastmodified }] }); });
  app.get('/3/prices/:list/:article/:qty', (req, res) => {
    const p = prices.get(`${req.params.list}/${req.params.article}`);
    if (p === undefined) return void res.status(404).json({ ErrorInformation: { Error: 1, Message: 'Kan inte hitta priset', Code: 2000430 } });
    res.json({ Price: { ArticleNumber: req.params.article, PriceList: req.params.list, FromQuantity: 0, Price: p } });
  });
  app.put('/3/prices/:list/:article/:qty', (req, res) => {
    const key = `${req.params.list}/${req.params.article}`;
    if (!prices.has(key)) return void res.status(404).json({ ErrorInformation: { Error: 1, Message: 'Kan inte hitta priset', Code: 2000430 } });
    prices.set(key, (req.body as { Price: { Price: number } }).Price.Price);
    res.json({ Price: { ArticleNumber: req.params.article, PriceList: req.params.list, FromQuantity: '0', Price: String(prices.get(key)) } });
  });
  app.post('/3/prices', (req, res) => {
    const p = (req.body as { Price: { ArticleNumber: string; PriceList: string; Price: number } }).Price;
    prices.set(`${p.PriceList}/${p.ArticleNumber}`, p.Price);
    res.status(201).json({ Price: { ...p, FromQuantity: 0 } });
  });
  app.post('/3/archive', async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('latin1');
    res.status(201).json({ File: { Id: 'f-1', Name: /filename="([^"]+)"/.exec(raw)?.[1], Size: raw.includes('\x89PNG') ? 4 : 0 } });
  });
  app.post('/3/articlefileconnections', (req, res) => { res.status(201).json(req.body); });
  app.get('/3/articlefileconnections', (req, res) => {
    res.json({ ArticleFileConnections: [{ FileId: 'f-1', ArticleNumber: req.query.articlenumber }, { FileId: 'f-2', ArticleNumber: `${req.query.articlenumber}-2` }] });
  });
  app.get('/3/predefinedaccounts', (_req, res) => {
    res.json({ PreDefinedAccounts: [{ Name: 'SALES_25_SE', Account: 3001 }, { Name: 'FREIGHT', Account: '3520' }] });
  });
  app.put('/3/invoices/:n/bookkeep', (req, res) => { res.json({ Invoice: { DocumentNumber: req.params.n, Booked: true } }); });
  app.get('/api/warehouse/tenants-v4', (_req, res) => { res.json({ tenantId: 1, isActivated: true }); });
  app.get('/api/warehouse/status-v1/stockbalance', (req, res) => {
    const ids = String(req.query.itemIds).split(',');
    res.json(ids.map((itemId) => ({ itemId, stockPointCode: 'LAGER', availableStock: '2', inStock: 3 })));
  });
  server = await listen(app);
  api = createFortnoxApi((req) => fakeTransport(server.url).transport.send('shop', req));
});
afterAll(() => server.close());
beforeEach(() => { seen.length = 0; });

describe('FortnoxApi', () => {
  it('sends Bearer token and JSON headers', async () => {
    await api.getArticle('A1');
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer tok-1', accept: 'application/json', 'content-type': 'application/json' });
  });

  it('findInvoicesByReference reads every page and compares exactly', async () => {
    const found = await api.findInvoicesByReference('qb:s1:42');
    expect(found.map((i) => i.DocumentNumber)).toEqual(['8']);
    expect(found[0]).toMatchObject({ Total: 125.5, Booked: false });
    expect(seen.map((s) => s.url)).toEqual([
      '/3/invoices?externalinvoicereference1=qb%3As1%3A42&limit=500&page=1',
      '/3/invoices?externalinvoicereference1=qb%3As1%3A42&limit=500&page=2',
    ]);
    expect(await api.findOrdersByReference('qb:s1:42')).toEqual([]);
    expect(seen).toHaveLength(3); // 0 pages → one request
  });

  it('findCustomersByEmail compares trimmed and case-insensitively', async () => {
    const found = await api.findCustomersByEmail('anna@example.com');
    expect(found.map((c) => c.CustomerNumber)).toEqual(['1', '3']);
  });

  it('getArticle: URL-encodes the number; null when not found', async () => {
    expect(await api.getArticle('A/B+C D')).toMatchObject({ ArticleNumber: 'A/B+C D', QuantityInStock: 3 });
    expect(seen[0]!.url).toBe('/3/articles/A%2FB%2BC%20D');
    expect(await api.getArticle('missing')).toBeNull();
  });

  it('listArticles passes paging and lastmodified in Swedish time', async () => {
    const page = await api.listArticles({ page: 2, limit: 50, lastModified: new Date('2024-07-01T10:15:00Z') });
    expect(page.items).toHaveLength(1);
    expect(seen[0]!.url).toBe('/3/articles?page=2&limit=50&lastmodified=2024-07-01+12%3A15');
    expect(fortnoxDateTime(new Date('2024-01-01T10:15:00Z'))).toBe('2024-01-01 11:15');
  });

  it('getPrice null when missing; setPrice updates existing or creates new', async () => {
    expect(await api.getPrice('A', 'SKU 1')).toMatchObject({ Price: 100, FromQuantity: 0 });
    expect(await api.getPrice('A', 'NEW')).toBeNull();
    seen.length = 0;
    expect(await api.setPrice('A', 'SKU 1', 120)).toMatchObject({ Price: 120 });
    expect(seen.map((s) => s.method)).toEqual(['PUT']);
    seen.length = 0;
    expect(await api.setPrice('A', 'NEW', 50)).toMatchObject({ Price: 50, ArticleNumber: 'NEW' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['PUT /3/prices/A/NEW/0', 'POST /3/prices']);
    expect(seen[1]!.body).toEqual({ Price: { ArticleNumber: 'NEW', PriceList: 'A', Price: 50, FromQuantity: 0 } });
  });

  it('uploads to the archive as multipart and links the file to the article', async () => {
    const file = await api.uploadToArchive('p.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'image/png');
    expect(file).toMatchObject({ Id: 'f-1', Name: 'p.png', Size: 4 });
    expect(String(seen[0]!.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(await api.connectArticleFile('f-1', 'A1')).toMatchObject({ FileId: 'f-1', ArticleNumber: 'A1' });
    expect(await api.listArticleFileConnections('A1')).toEqual([expect.objectContaining({ FileId: 'f-1' })]);
  });

  it('predefined accounts as a name → number map; bookkeep', async () => {
    expect(await api.getPredefinedAccounts()).toEqual({ SALES_25_SE: 3001, FREIGHT: 3520 });
    expect(await api.bookkeepInvoice('12')).toMatchObject({ DocumentNumber: '12', Booked: true });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', url: '/3/invoices/12/bookkeep' });
  });

  it('warehouse: activation flag and stock in batches of 50', async () => {
    expect(await api.warehouseActive()).toBe(true);
    seen.length = 0;
    const ids = Array.from({ length: 120 }, (_, i) => `SKU${i}`);
    const stock = await api.getStockBalance([...ids, 'SKU0']);
    expect(stock).toHaveLength(120);
    expect(stock[0]).toMatchObject({ itemId: 'SKU0', availableStock: 2, inStock: 3 });
    expect(seen).toHaveLength(3);
  });
});

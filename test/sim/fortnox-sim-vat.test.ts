// The Fortnox simulator's VAT: per rate as Fortnox computes it, account VAT codes, and what Fortnox refuses.
import request from 'supertest';
import { createFortnoxSim } from '../../sim/fortnox/app';
import type { TenantOptions } from '../../sim/fortnox/types';

function setup(tenant: TenantOptions = {}) {
  const { app, sim } = createFortnoxSim({ now: () => Date.parse('2025-03-03T09:00:00Z'), rateLimit: false });
  const tenantId = sim.createTenant({ tenantId: 'acme', ...tenant }).id;
  const bearer = `Bearer ${sim.issueTokens(tenantId).access_token}`;
  const post = (path: string, body: object) =>
    request(app).post(path).set('Authorization', bearer).set('Accept', 'application/json').send(body);
  return { app, sim, tenantId, post };
}
const errorCode = (body: { ErrorInformation: Record<string, unknown> }) => body.ErrorInformation.code ?? body.ErrorInformation.Code;
const row = (Price: number, VAT: number, AccountNumber?: number) => ({
  Description: 'Vara', DeliveredQuantity: 1, Price, VAT, ...(AccountNumber ? { AccountNumber } : {}),
});

async function withCustomer(s: ReturnType<typeof setup>) {
  expect((await s.post('/3/customers', { Customer: { Name: 'Anna' } })).status).toBe(201);
}

describe('Fortnox simulator: VAT', () => {
  test('VAT per rate on the sum of the rows of that rate, exposed per document with TotalVAT', async () => {
    const s = setup();
    await withCustomer(s);
    // 125 + 250 at 25 % → 375 × 25/125 = 75.00; 112 at 12 % → 12.00; 106 at 6 % → 6.00; TotalVAT 93.00
    const res = await s.post('/3/invoices', {
      Invoice: { CustomerNumber: '1', VATIncluded: true, InvoiceRows: [row(125, 25), row(250, 25), row(112, 12), row(106, 6)] },
    });
    expect(res.status).toBe(201);
    expect(res.body.Invoice.TotalVAT).toBe(93);
    const vat = await request(s.app).get('/__sim/tenants/acme/vat');
    expect(vat.body[`invoice:${res.body.Invoice.DocumentNumber}`]).toEqual({ vatByRate: { '25': 75, '12': 12, '6': 6 }, deviations: [] });
  });

  test('a 12 % row on the 25 % freight account (VAT code MP1) is accepted and shown as a VAT deviation', async () => {
    const s = setup();
    await withCustomer(s);
    const res = await s.post('/3/invoices', { Invoice: { CustomerNumber: '1', VATIncluded: true, InvoiceRows: [row(56, 12, 3520)] } });
    expect(res.status).toBe(201);
    expect(s.sim.vatReports('acme')[`invoice:${res.body.Invoice.DocumentNumber}`].deviations)
      .toEqual([{ row: 0, AccountNumber: 3520, VAT: 12, accountVat: 25 }]);
  });

  test('a VAT rate the company has not set up is refused ("Kunde inte hitta moms")', async () => {
    const s = setup();
    await withCustomer(s);
    const res = await s.post('/3/invoices', { Invoice: { CustomerNumber: '1', InvoiceRows: [row(119, 19, 3001)] } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('Kunde inte hitta moms');
  });

  test('an OSS rate the company set up needs an account on the row (2004167), and books on its own VAT code', async () => {
    const s = setup({ vatRates: [19], vatCodes: { OSSDE19: 19 } });
    await withCustomer(s);
    expect((await s.post('/3/accounts', { Account: { Number: 3110, Description: 'Försäljning OSS Tyskland 19 %', VATCode: 'OSSDE19' } })).status).toBe(201);
    const missing = await s.post('/3/invoices', { Invoice: { CustomerNumber: '1', InvoiceRows: [row(119, 19)] } });
    expect(missing.status).toBe(400);
    expect(errorCode(missing.body)).toBe(2004167);
    // 238 incl. 19 % → 238 × 19/119 = 38.00
    const ok = await s.post('/3/invoices', { Invoice: { CustomerNumber: '1', VATIncluded: true, InvoiceRows: [row(238, 19, 3110)] } });
    expect(ok.status).toBe(201);
    expect(ok.body.Invoice.TotalVAT).toBe(38);
    expect(s.sim.vatReports('acme')[`invoice:${ok.body.Invoice.DocumentNumber}`]).toEqual({ vatByRate: { '19': 38 }, deviations: [] });
  });
});

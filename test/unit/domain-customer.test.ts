// The customer card: key, VAT type, body and hash.
import { customerHash, customerKey, decideVatType, EU_MEMBER_STATES, mapCustomer } from '../../src/domain';
import type { QbCustomer, QbOrder } from '../../src/quickbutik/types';
import { NO_REFUNDS } from '../../src/quickbutik/schemas';

const customer = (over: Partial<QbCustomer> = {}): QbCustomer => ({
  email: 'Anna.Svensson@Example.se ', phone: '070-123 45 67', type: 'private', companyName: null, fullName: 'Anna Svensson',
  firstName: 'Anna', lastName: 'Svensson', address: 'Storgatan 1', address2: null, zipcode: '123 45', city: 'Stockholm',
  country: 'SE', billing: null, shipping: null, vatNumber: null, orgNumber: null, ...over,
});
const order = (c: Partial<QbCustomer> = {}, over: Partial<QbOrder> = {}): QbOrder => ({
  orderId: '1001', dateCreated: '2024-05-01 09:00:00', datePaid: '2024-05-01 09:00:00', status: 'paid', currency: 'SEK',
  totalAmount: 100, itemsAmount: 100, shippingAmount: 0, shippingName: null, shippingId: null, discountAmount: 0,
  taxAmount: 20, isTaxFree: false, isTaxOnTop: false, paymethod: { method: null, transactionId: null }, notes: null, totalPayAmount: null, refunds: NO_REFUNDS,
  customer: customer(c), rows: [], ...over,
});

describe('customerKey', () => {
  it('is the exact e-mail, trimmed and lower-cased', () => expect(customerKey(order())).toBe('anna.svensson@example.se'));
  it('without e-mail: one card per order (never merges two people), stable across retries', () => {
    expect(customerKey(order({ email: null }))).toBe('noemail:order:1001');
    expect(customerKey(order({ email: '  ' }))).toBe('noemail:order:1001');
  });
});

describe('decideVatType', () => {
  it.each([
    ['Sweden', { country: 'SE' }, {}, 'SEVAT'],
    ['no country (Swedish platform)', { country: null }, {}, 'SEVAT'],
    ['EU company with VAT number, VAT-free order → reverse charge', { country: 'DE', type: 'company', vatNumber: 'DE123456789' }, { isTaxFree: true }, 'EUREVERSEDVAT'],
    ['EU company with VAT number but VAT charged', { country: 'DE', type: 'company', vatNumber: 'DE123456789' }, {}, 'EUVAT'],
    ['EU consumer', { country: 'FI' }, {}, 'EUVAT'],
    ['EU VAT-free without VAT number (mapping refuses it)', { country: 'FI' }, { isTaxFree: true }, 'EUVAT'],
    ['outside the EU, VAT-free', { country: 'NO' }, { isTaxFree: true }, 'EXPORT'],
    ['outside the EU, VAT charged (VAT shown is owed)', { country: 'US' }, {}, 'SEVAT'],
    ['Åland is outside the EU VAT area', { country: 'AX' }, { isTaxFree: true }, 'EXPORT'],
  ] as const)('%s → %s', (_rule, c, o, vatType) => {
    expect(decideVatType(order(c as Partial<QbCustomer>, o as Partial<QbOrder>))).toBe(vatType);
  });
  it('knows all 27 member states', () => expect([...EU_MEMBER_STATES].filter((c) => c !== 'EL')).toHaveLength(27));
});

describe('mapCustomer', () => {
  it('maps a private Swedish customer', () => {
    expect(mapCustomer(order())).toEqual({
      ok: true,
      customer: {
        Name: 'Anna Svensson', Type: 'PRIVATE', VATType: 'SEVAT', Email: 'Anna.Svensson@Example.se', Phone1: '070-123 45 67',
        Address1: 'Storgatan 1', ZipCode: '123 45', City: 'Stockholm', CountryCode: 'SE',
      },
    });
  });
  it('maps a company with VAT and organisation number and a delivery address', () => {
    const res = mapCustomer(order(
      {
        type: 'company', companyName: "O'Brien Trading GmbH", country: 'DE', vatNumber: 'de 123.456.789', orgNumber: 'HRB 1234', zipcode: '10115', city: 'Berlin',
        shipping: { firstName: 'Sean', lastName: "O'Brien", fullName: "Sean O'Brien", companyName: null, address: 'Lager 5', address2: 'Tor 2', zipcode: '10117', city: 'Berlin', country: 'DE', phone: null, email: null },
      },
      { isTaxFree: true },
    ));
    expect(res.ok && res.customer).toMatchObject({
      Name: 'O’Brien Trading GmbH', Type: 'COMPANY', VATType: 'EUREVERSEDVAT', CountryCode: 'DE', VATNumber: 'DE123456789', OrganisationNumber: 'HRB 1234',
      DeliveryName: 'Sean O’Brien', DeliveryAddress1: 'Lager 5', DeliveryAddress2: 'Tor 2', DeliveryZipCode: '10117', DeliveryCity: 'Berlin', DeliveryCountryCode: 'DE',
    });
  });
  it('sanitises every text', () => {
    const res = mapCustomer(order({ fullName: 'Anna "Annie" Svensson 🌸', address: 'Storgatan 1 | 2tr' }));
    expect(res.ok && [res.customer.Name, res.customer.Address1]).toEqual(['Anna ’’Annie’’ Svensson', 'Storgatan 1 / 2tr']);
  });
  it('squeezes a long postcode by removing spaces', () => {
    const res = mapCustomer(order({ zipcode: 'SW1A 1AA 12' }));
    expect(res.ok && res.customer.ZipCode).toBe('SW1A1AA12');
  });
  it('leaves out a malformed e-mail that Fortnox would reject', () => {
    const res = mapCustomer(order({ email: 'anna@localhost' }));
    expect(res.ok && res.customer).not.toHaveProperty('Email');
  });
  it.each([
    ['no name at all', { fullName: null, firstName: null, lastName: null, email: null }, 'the customer has no name'],
    ['a postcode that cannot fit 10 characters', { zipcode: '12345678901234' }, 'postcode'],
    ['a country that is not a country code', { country: 'NORDPOLEN' }, 'two-letter country code'],
  ])('CUSTOMER_INVALID for %s', (_rule, c, reason) => {
    const res = mapCustomer(order(c));
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.errors[0].code).toBe('CUSTOMER_INVALID');
      expect(String(res.errors[0].params.reason)).toContain(reason);
    }
  });
});

describe('customerHash', () => {
  const body = () => {
    const r = mapCustomer(order());
    if (!r.ok) throw new Error('unexpected');
    return r.customer;
  };
  it('is stable for the same content and key order', () => {
    const a = body();
    const b = Object.fromEntries(Object.entries(body()).reverse()) as typeof a;
    expect(customerHash(a)).toBe(customerHash(b));
  });
  it('changes when anything sent changes', () => expect(customerHash({ ...body(), City: 'Solna' })).not.toBe(customerHash(body())));
});

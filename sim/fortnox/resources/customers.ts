// /3/customers — the customer register. Shapes follow the recordings (customers_*.yml).
import express, { type Router } from 'express';
import { COUNTRY_NAMES } from '../countries';
import { errors } from '../errors';
import { ctxOf, paginate, param, s, selectList, url, type Ctx, type ListSpec } from '../http';
import type { FortnoxSim } from '../sim';
import type { Tenant } from '../tenant';
import type { Json, JsonObject, Rec } from '../types';
import { bool, int, num, rootObject, str, validateFields, type FieldSpecs } from '../validation';

const email = (max = 1024) => ({ type: 'email' as const, max });

export const CUSTOMER_FIELDS: FieldSpecs = {
  CustomerNumber: str(1024),
  Name: str(1024),
  Address1: str(1024),
  Address2: str(1024),
  City: str(1024),
  ZipCode: str(10),
  Country: str(1024),
  CountryCode: str(2, { enum: Object.keys(COUNTRY_NAMES) }),
  Comments: str(1024),
  Currency: str(3),
  CostCenter: str(6),
  Active: bool,
  Email: email(),
  EmailInvoice: email(),
  EmailInvoiceBCC: email(),
  EmailInvoiceCC: email(),
  EmailOffer: email(),
  EmailOfferBCC: email(),
  EmailOfferCC: email(),
  EmailOrder: email(),
  EmailOrderBCC: email(),
  EmailOrderCC: email(),
  ExternalReference: str(1024),
  Fax: str(1024),
  GLN: str(13),
  GLNDelivery: str(13),
  InvoiceAdministrationFee: num,
  InvoiceDiscount: num,
  InvoiceFreight: num,
  InvoiceRemark: str(1024),
  OrganisationNumber: str(30),
  OurReference: str(50),
  YourReference: str(50),
  Phone1: str(1024),
  Phone2: str(1024),
  PriceList: str(10),
  Project: str(20),
  SalesAccount: int,
  ShowPriceVATIncluded: bool,
  TermsOfDelivery: str(10),
  TermsOfPayment: str(10),
  Type: str(10, { enum: ['PRIVATE', 'COMPANY'] }),
  VATNumber: str(20),
  VATType: str(20, { enum: ['SEVAT', 'SEREVERSEDVAT', 'EUREVERSEDVAT', 'EUVAT', 'EXPORT'] }),
  VisitingAddress: str(128),
  VisitingCity: str(128),
  VisitingCountry: str(128),
  VisitingCountryCode: str(2),
  VisitingZipCode: str(10),
  WayOfDelivery: str(10),
  WWW: str(128),
  DeliveryAddress1: str(1024),
  DeliveryAddress2: str(1024),
  DeliveryCity: str(1024),
  DeliveryCountry: str(1024),
  DeliveryCountryCode: str(2, { enum: Object.keys(COUNTRY_NAMES) }),
  DeliveryFax: str(1024),
  DeliveryName: str(1024),
  DeliveryPhone1: str(1024),
  DeliveryPhone2: str(1024),
  DeliveryZipCode: str(10),
  DefaultDeliveryTypes: { type: 'object' },
  DefaultTemplates: { type: 'object' },
};

/** A new card as Fortnox answers it (customers_save_new.yml): unset texts are null or "" field by field. */
export function customerDefaults(customerNumber: string, name: string): Rec {
  return {
    Address1: null,
    Address2: null,
    City: null,
    Country: null,
    Comments: null,
    Currency: 'SEK',
    CostCenter: null,
    CountryCode: null,
    Active: true,
    CustomerNumber: customerNumber,
    DefaultDeliveryTypes: { Invoice: 'PRINT', Order: 'PRINT', Offer: 'PRINT' },
    DefaultTemplates: {
      Order: 'DEFAULTTEMPLATE',
      Offer: 'DEFAULTTEMPLATE',
      Invoice: 'DEFAULTTEMPLATE',
      CashInvoice: 'DEFAULTTEMPLATE',
    },
    DeliveryAddress1: null,
    DeliveryAddress2: null,
    DeliveryCity: null,
    DeliveryCountry: null,
    DeliveryCountryCode: null,
    DeliveryFax: null,
    DeliveryName: null,
    DeliveryPhone1: null,
    DeliveryPhone2: null,
    DeliveryZipCode: null,
    Email: '',
    EmailInvoice: '',
    EmailInvoiceBCC: '',
    EmailInvoiceCC: '',
    EmailOffer: '',
    EmailOfferBCC: '',
    EmailOfferCC: '',
    EmailOrder: '',
    EmailOrderBCC: '',
    EmailOrderCC: '',
    ExternalReference: null,
    Fax: null,
    GLN: null,
    GLNDelivery: null,
    InvoiceAdministrationFee: null,
    InvoiceDiscount: null,
    InvoiceFreight: null,
    InvoiceRemark: '',
    Name: name,
    OrganisationNumber: '',
    OurReference: '',
    Phone1: null,
    Phone2: null,
    PriceList: 'A',
    Project: '',
    SalesAccount: null,
    ShowPriceVATIncluded: false,
    TermsOfDelivery: '',
    TermsOfPayment: '',
    Type: 'COMPANY',
    VATNumber: '',
    VATType: 'SEVAT',
    VisitingAddress: null,
    VisitingCity: null,
    VisitingCountry: null,
    VisitingCountryCode: null,
    VisitingZipCode: null,
    WayOfDelivery: '',
    WWW: '',
    YourReference: '',
    ZipCode: null,
  };
}

/** Checks the references a card makes into the tenant's registers. */
function checkReferences(t: Tenant, v: Record<string, Json>): void {
  if (typeof v.Currency === 'string' && v.Currency && !t.currencies.has(v.Currency.toUpperCase())) {
    throw errors.currencyNotFound(v.Currency);
  }
  if (typeof v.CostCenter === 'string' && v.CostCenter && !t.costCenters.has(v.CostCenter)) {
    throw errors.costCenterNotFound(v.CostCenter);
  }
  if (typeof v.PriceList === 'string' && v.PriceList && !t.priceLists.has(v.PriceList)) {
    throw errors.priceListNotFound(v.PriceList);
  }
  if (typeof v.TermsOfPayment === 'string' && v.TermsOfPayment && !t.termsOfPayments.has(v.TermsOfPayment)) {
    throw errors.termsNotFoundOnWrite(v.TermsOfPayment);
  }
  if (typeof v.WayOfDelivery === 'string' && v.WayOfDelivery && !t.waysOfDelivery.has(v.WayOfDelivery)) {
    throw errors.wayOfDeliveryNotFound(v.WayOfDelivery);
  }
  if (typeof v.SalesAccount === 'number' && !t.accounts.get(String(v.SalesAccount))?.Active) {
    throw errors.accountNotFoundOnCard(String(v.SalesAccount));
  }
}

function applyDerived(v: Record<string, Json>): void {
  if (typeof v.Currency === 'string') v.Currency = v.Currency.toUpperCase();
  if (typeof v.CountryCode === 'string' && v.CountryCode) v.Country = COUNTRY_NAMES[v.CountryCode] ?? null;
  if (typeof v.DeliveryCountryCode === 'string' && v.DeliveryCountryCode) {
    v.DeliveryCountry = COUNTRY_NAMES[v.DeliveryCountryCode] ?? null;
  }
}

export function createCustomer(t: Tenant, body: Record<string, unknown>, now: number): Rec {
  const v = validateFields(body, CUSTOMER_FIELDS, 'create');
  if (typeof v.Name !== 'string' || v.Name === '') throw errors.required('Name');
  checkReferences(t, v);
  applyDerived(v);
  let number: string;
  if (typeof v.CustomerNumber === 'string' && v.CustomerNumber !== '') {
    number = v.CustomerNumber;
    if (t.usedCustomerNumbers.has(number)) throw errors.customerNumberUsed(number);
    t.bump('customer', Number(number));
  } else {
    number = String(t.next('customer', (n) => t.usedCustomerNumbers.has(n)));
  }
  const customer: Rec = { ...customerDefaults(number, v.Name), ...v, CustomerNumber: number };
  t.customers.set(number, customer);
  t.usedCustomerNumbers.add(number);
  t.touch('customer', number, now);
  return customer;
}

export function updateCustomer(t: Tenant, number: string, body: Record<string, unknown>, now: number): Rec {
  const existing = t.customers.get(number);
  if (!existing) throw errors.customerNotFound();
  const v = validateFields(body, CUSTOMER_FIELDS, 'update');
  if (v.CustomerNumber !== undefined && v.CustomerNumber !== number) throw errors.readOnly('CustomerNumber');
  checkReferences(t, v);
  applyDerived(v);
  Object.assign(existing, v);
  t.touch('customer', number, now);
  return existing;
}

export const customerFull = (ctx: Pick<Ctx, 'base'>, c: Rec): JsonObject => ({
  '@url': url(ctx, 'customers', String(c.CustomerNumber)),
  ...c,
});

/** List items are a short form where nulls show as "" (customers_all.yml). */
export const customerListItem = (ctx: Pick<Ctx, 'base'>, c: Rec): JsonObject => ({
  '@url': url(ctx, 'customers', String(c.CustomerNumber)),
  Address1: s(c.Address1),
  Address2: s(c.Address2),
  City: s(c.City),
  CustomerNumber: s(c.CustomerNumber),
  Email: s(c.Email),
  Name: s(c.Name),
  OrganisationNumber: s(c.OrganisationNumber),
  Phone: s(c.Phone1),
  ZipCode: s(c.ZipCode),
});

export function customerListSpec(t: Tenant): ListSpec<Rec> {
  return {
    search: {
      city: (c) => c.City,
      customernumber: (c) => c.CustomerNumber,
      email: (c) => c.Email,
      gln: (c) => c.GLN,
      glndelivery: (c) => c.GLNDelivery,
      name: (c) => c.Name,
      organisationnumber: (c) => c.OrganisationNumber,
      phone: (c) => c.Phone1,
      zipcode: (c) => c.ZipCode,
    },
    filters: { active: (c) => c.Active === true, inactive: (c) => c.Active !== true },
    modified: (c) => t.modifiedAt('customer', String(c.CustomerNumber)),
    sort: { customernumber: (c) => String(c.CustomerNumber), name: (c) => String(c.Name ?? '') },
    order: (c) => String(c.CustomerNumber),
  };
}

export function customersRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const list = selectList(req, ctx.tenant.customers.values(), customerListSpec(ctx.tenant));
    res.json(paginate(req, list, 'Customers', (c) => customerListItem(ctx, c)));
  });
  r.get('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const c = ctx.tenant.customers.get(param(req, 'number'));
    if (!c) throw errors.customerNotFound();
    res.json({ Customer: customerFull(ctx, c) });
  });
  r.post('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const c = createCustomer(ctx.tenant, rootObject(req.body, 'Customer'), ctx.now);
    res.status(201).location('customers').json({ Customer: customerFull(ctx, c) });
  });
  r.put('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const c = updateCustomer(ctx.tenant, param(req, 'number'), rootObject(req.body, 'Customer'), ctx.now);
    res.json({ Customer: customerFull(ctx, c) });
  });
  r.delete('/:number', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const number = param(req, 'number');
    if (!ctx.tenant.customers.delete(number)) throw errors.customerNotFound();
    res.status(204).end();
  });
  return r;
}

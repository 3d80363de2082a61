// Small code-keyed registers (cost centers, terms of payment, units, modes of payment, ways of delivery,
// currencies, price lists, accounts, predefined accounts) and the company settings.
import express, { type Router } from 'express';
import { errors, type FortnoxError } from '../errors';
import { ctxOf, paginate, param, url, type ListSpec, selectList } from '../http';
import { accountRecord } from '../seed';
import type { FortnoxSim } from '../sim';
import type { Tenant } from '../tenant';
import type { JsonObject, Rec } from '../types';
import { bool, int, rootObject, str, validateFields, type FieldSpecs } from '../validation';

interface RegisterSpec {
  path: string;
  singular: string;
  plural: string;
  key: string;
  map: (t: Tenant) => Map<string, Rec>;
  fields: FieldSpecs;
  required: string[];
  notFound: () => FortnoxError;
  writable: boolean;
  deletable?: boolean;
  /** Extra checks on create/update (e.g. an account number must exist). */
  check?: (t: Tenant, v: Record<string, unknown>) => void;
  defaults?: (code: string) => Rec;
  search?: Record<string, (r: Rec) => unknown>;
}

function registerRouter(sim: FortnoxSim, spec: RegisterSpec): Router {
  const r = express.Router();
  const full = (base: string, rec: Rec): JsonObject => ({ '@url': url({ base }, spec.path, String(rec[spec.key])), ...rec });
  const listSpec: ListSpec<Rec> = { search: spec.search ?? {}, order: (x) => String(x[spec.key]) };

  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const list = selectList(req, spec.map(ctx.tenant).values(), listSpec);
    res.json(paginate(req, list, spec.plural, (x) => full(ctx.base, x)));
  });
  r.get('/:code', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const rec = spec.map(ctx.tenant).get(param(req, 'code'));
    if (!rec) throw spec.notFound();
    res.json({ [spec.singular]: full(ctx.base, rec) });
  });
  if (!spec.writable) return r;
  r.post('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const v = validateFields(rootObject(req.body, spec.singular), spec.fields, 'create');
    for (const f of spec.required) if (v[f] === undefined || v[f] === '') throw errors.required(f);
    spec.check?.(ctx.tenant, v);
    const code = String(v[spec.key]);
    const map = spec.map(ctx.tenant);
    if (map.has(code)) throw errors.alreadyExists(`${spec.singular} ${code}`);
    const rec: Rec = { ...(spec.defaults?.(code) ?? {}), ...v };
    map.set(code, rec);
    res.status(201).json({ [spec.singular]: full(ctx.base, rec) });
  });
  r.put('/:code', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const rec = spec.map(ctx.tenant).get(param(req, 'code'));
    if (!rec) throw spec.notFound();
    const v = validateFields(rootObject(req.body, spec.singular), spec.fields, 'update');
    if (v[spec.key] !== undefined && String(v[spec.key]) !== String(rec[spec.key])) throw errors.readOnly(spec.key);
    spec.check?.(ctx.tenant, v);
    Object.assign(rec, v);
    res.json({ [spec.singular]: full(ctx.base, rec) });
  });
  if (spec.deletable) {
    r.delete('/:code', (req, res) => {
      const ctx = ctxOf(sim, req, res);
      if (!spec.map(ctx.tenant).delete(param(req, 'code'))) throw spec.notFound();
      res.status(204).end();
    });
  }
  return r;
}

const accountMustExist = (field: string) => (t: Tenant, v: Record<string, unknown>) => {
  const a = v[field];
  if (a !== undefined && !t.accounts.get(String(a))?.Active) throw errors.accountNotFoundOnCard(String(a));
};

export function registerRouters(sim: FortnoxSim): Record<string, Router> {
  return {
    costcenters: registerRouter(sim, {
      path: 'costcenters',
      singular: 'CostCenter',
      plural: 'CostCenters',
      key: 'Code',
      map: (t) => t.costCenters,
      fields: { Code: str(6), Description: str(40), Note: str(1024), Active: bool },
      required: ['Code', 'Description'],
      notFound: () => errors.resourceNotFound('kostnadsstället'),
      writable: true,
      deletable: true,
      defaults: () => ({ Code: '', Description: '', Note: '', Active: true }),
    }),
    termsofpayments: registerRouter(sim, {
      path: 'termsofpayments',
      singular: 'TermsOfPayment',
      plural: 'TermsOfPayments',
      key: 'Code',
      map: (t) => t.termsOfPayments,
      fields: { Code: str(10), Description: str(50) },
      required: ['Code', 'Description'],
      notFound: errors.termsNotFound,
      writable: true,
      deletable: true,
    }),
    units: registerRouter(sim, {
      path: 'units',
      singular: 'Unit',
      plural: 'Units',
      key: 'Code',
      map: (t) => t.units,
      fields: { Code: str(10), CodeEnglish: str(10), Description: str(50) },
      required: ['Code', 'Description'],
      notFound: errors.unitNotFound,
      writable: true,
      deletable: true,
      defaults: () => ({ Code: '', CodeEnglish: '', Description: '' }),
    }),
    modesofpayments: registerRouter(sim, {
      path: 'modesofpayments',
      singular: 'ModeOfPayment',
      plural: 'ModesOfPayments',
      key: 'Code',
      map: (t) => t.modesOfPayments,
      fields: { Code: str(10), Description: str(40), AccountNumber: str(4) },
      required: ['Code', 'Description', 'AccountNumber'],
      notFound: () => errors.resourceNotFound('betalsättet'),
      writable: true,
      check: accountMustExist('AccountNumber'),
    }),
    wayofdeliveries: registerRouter(sim, {
      path: 'wayofdeliveries',
      singular: 'WayOfDelivery',
      plural: 'WayOfDeliveries',
      key: 'Code',
      map: (t) => t.waysOfDelivery,
      fields: { Code: str(10), Description: str(50), DescriptionEnglish: str(50) },
      required: ['Code', 'Description'],
      notFound: () => errors.resourceNotFound('leveranssättet'),
      writable: true,
      defaults: () => ({ Code: '', Description: '', DescriptionEnglish: '' }),
    }),
    currencies: registerRouter(sim, {
      path: 'currencies',
      singular: 'Currency',
      plural: 'Currencies',
      key: 'Code',
      map: (t) => t.currencies,
      fields: {},
      required: [],
      notFound: () => errors.resourceNotFound('valutan'),
      writable: false,
    }),
    pricelists: registerRouter(sim, {
      path: 'pricelists',
      singular: 'PriceList',
      plural: 'PriceLists',
      key: 'Code',
      map: (t) => t.priceLists,
      fields: { Code: str(10), Description: str(200), Comments: str(200), PreSelected: bool },
      required: ['Code', 'Description'],
      notFound: () => errors.resourceNotFound('prislistan'),
      writable: true,
      defaults: () => ({ Code: '', Description: '', Comments: '', PreSelected: false }),
    }),
    accounts: registerRouter(sim, {
      path: 'accounts',
      singular: 'Account',
      plural: 'Accounts',
      key: 'Number',
      map: (t) => t.accounts,
      fields: { Number: int, Description: str(200), Active: bool, VATCode: str(10), SRU: int },
      required: ['Number', 'Description'],
      notFound: () => errors.resourceNotFound('kontot'),
      writable: true,
      // A new account is active, without VAT code unless given (as in Fortnox's chart of accounts).
      defaults: (code) => accountRecord(Number(code), ''),
      search: { number: (a) => a.Number, description: (a) => a.Description },
    }),
    predefinedaccounts: registerRouter(sim, {
      path: 'predefinedaccounts',
      singular: 'PreDefinedAccount',
      plural: 'PreDefinedAccounts',
      key: 'Name',
      map: (t) => t.predefinedAccounts,
      fields: { Name: str(30), Account: int },
      required: ['Name', 'Account'],
      notFound: () => errors.resourceNotFound('det fördefinierade kontot'),
      writable: true,
      check: accountMustExist('Account'),
    }),
  };
}

/** `DatabaseNumber` is the tenant id (a number when the id is numeric). */
export const databaseNumber = (t: Tenant): number | string => (/^\d+$/.test(t.id) ? Number(t.id) : t.id);

export function settingsRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/company', (req, res) => {
    const { tenant } = ctxOf(sim, req, res);
    res.json({
      CompanySettings: {
        Address: 'Storgatan 1',
        BG: '123-4567',
        BIC: 'ESSESESS',
        BranchCode: '',
        City: 'Stockholm',
        ContactFirstName: 'Anna',
        ContactLastName: 'Andersson',
        Country: 'Sverige',
        CountryCode: 'SE',
        DatabaseNumber: databaseNumber(tenant),
        Domicile: 'Stockholm',
        Email: 'info@example.se',
        Fax: '',
        IBAN: 'SE4550000000058398257466',
        Name: tenant.companyName,
        OrganizationNumber: '556000-0000',
        PG: '',
        Phone1: '08-123 456 00',
        Phone2: '',
        TaxEnabled: true,
        VATNumber: 'SE556000000001',
        VisitAddress: 'Storgatan 1',
        VisitCity: 'Stockholm',
        VisitCountry: 'Sverige',
        VisitCountryCode: 'SE',
        VisitName: '',
        VisitZipCode: '111 22',
        WWW: 'https://www.example.se',
        ZipCode: '111 22',
      },
    });
  });
  return r;
}

export function companyInformationRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const { tenant } = ctxOf(sim, req, res);
    res.json({
      CompanyInformation: {
        Address: 'Storgatan 1',
        City: 'Stockholm',
        CountryCode: 'SE',
        DatabaseNumber: databaseNumber(tenant),
        CompanyName: tenant.companyName,
        OrganizationNumber: '556000-0000',
        VisitAddress: 'Storgatan 1',
        VisitCity: 'Stockholm',
        VisitCountryCode: 'SE',
        VisitZipCode: '111 22',
        ZipCode: '111 22',
      },
    });
  });
  return r;
}

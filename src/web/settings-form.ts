// The settings page is generated from the domain's settings schema: every key the API accepts gets a field of the
// matching kind, and the answer is turned into the same merge-patch the API takes (validated by the same schema).
// A setting added to the schema appears here without touching this file.
import type { z } from 'zod';
import { shopSettingsSchema, type ShopSettings } from '../domain/settings';
import { html, type Html } from './html';
import { SETTING_LABELS, type Lang } from './i18n';
import type { PageContext } from './layout';

type Kind =
  | { kind: 'enum'; options: string[]; nullable: boolean }
  | { kind: 'boolean' }
  | { kind: 'number'; nullable: boolean; min?: number; max?: number }
  | { kind: 'string'; nullable: boolean }
  | { kind: 'object'; fields: Array<[string, Kind]> }
  | { kind: 'map' }
  /** A map of maps (e.g. `oss`: country → rate → account): shown as JSON, changed through the API. */
  | { kind: 'nested' };

/** Looks through default/optional/nullable wrappers to the field's kind. */
function kindOf(schema: z.ZodType, nullable = false): Kind {
  const def = (schema as any).def;
  switch (def.type) {
    case 'default': case 'prefault': return kindOf(def.innerType, nullable);
    case 'pipe': return kindOf(def.out, nullable); // e.g. the settings maps' reserved-key check before the record
    case 'optional': case 'nullable': return kindOf(def.innerType, true);
    case 'enum': return { kind: 'enum', options: (schema as any).options.map(String), nullable };
    case 'boolean': return { kind: 'boolean' };
    case 'number': return { kind: 'number', nullable, min: (schema as any).minValue ?? undefined, max: (schema as any).maxValue ?? undefined };
    case 'object': return { kind: 'object', fields: Object.entries((schema as any).shape as Record<string, z.ZodType>).map(([k, v]) => [k, kindOf(v)]) };
    case 'record': {
      const value = kindOf(def.valueType);
      return value.kind === 'map' || value.kind === 'object' || value.kind === 'nested' ? { kind: 'nested' } : { kind: 'map' };
    }
    default: return { kind: 'string', nullable };
  }
}

export const SETTING_FIELDS: Array<[string, Kind]> = Object.entries(shopSettingsSchema.shape as Record<string, z.ZodType>).map(([k, v]) => [k, kindOf(v)]);

/** A choice read from the Fortnox company: the value and what Fortnox calls it. */
export interface Choice {
  value: string;
  label: string;
}
/** Choices per setting path (`accounts.*` for every account, `wayOfDelivery` for the map's values). */
export type Choices = Partial<Record<'accounts' | 'costCenter' | 'wayOfDelivery' | 'paymentMethods' | 'priceList' | 'termsOfPayment', Choice[]>>;
const choicesFor = (choices: Choices, path: string): Choice[] | undefined => choices[(path.startsWith('accounts.') ? 'accounts' : path) as keyof Choices];

/** Extra empty rows in a map's table, for new entries. */
const NEW_ROWS = 2;

/** The form's flat values (`name` → string), from stored settings. */
export function settingsToForm(settings: ShopSettings): Record<string, string> {
  const out: Record<string, string> = {};
  const s = settings as Record<string, unknown>;
  for (const [key, k] of SETTING_FIELDS) {
    const v = s[key];
    if (k.kind === 'boolean') { if (v) out[key] = 'on'; }
    else if (k.kind === 'object') for (const [sub] of k.fields) { const x = (v as Record<string, unknown> | undefined)?.[sub]; out[`${key}.${sub}`] = x === undefined || x === null ? '' : String(x); }
    else if (k.kind === 'nested') continue;
    else if (k.kind === 'map') Object.entries((v ?? {}) as Record<string, string>).forEach(([mk, mv], i) => { out[`${key}.key.${i}`] = mk; out[`${key}.value.${i}`] = mv; });
    else out[key] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

const numberOrText = (raw: string): number | string => (raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw);

/**
 * The posted form as a merge-patch against the current settings: only what changed, `null` for what was emptied or
 * removed — so the log names the keys that really changed and only those are checked against Fortnox.
 */
export function formToPatch(form: Record<string, unknown>, current: ShopSettings): Record<string, unknown> {
  const str = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  const cur = current as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, k] of SETTING_FIELDS) {
    if (k.kind === 'nested') continue;
    let next: unknown;
    if (k.kind === 'boolean') next = form[key] === 'on';
    else if (k.kind === 'number') next = str(key) === '' ? (k.nullable ? null : '') : numberOrText(str(key));
    else if (k.kind === 'enum' || k.kind === 'string') next = str(key) === '' ? (k.nullable ? null : '') : str(key);
    else if (k.kind === 'object') {
      const sub: Record<string, unknown> = {};
      const was = (cur[key] ?? {}) as Record<string, unknown>;
      for (const [name] of k.fields) {
        const raw = str(`${key}.${name}`);
        const value = raw === '' ? null : numberOrText(raw);
        if ((was[name] ?? null) !== value) sub[name] = value;
      }
      if (Object.keys(sub).length) patch[key] = sub;
      continue;
    } else {
      const was = (cur[key] ?? {}) as Record<string, string>;
      const map: Record<string, string | null> = {};
      for (let i = 0; typeof form[`${key}.key.${i}`] === 'string'; i++) {
        const mk = str(`${key}.key.${i}`);
        if (mk) map[mk] = str(`${key}.value.${i}`) || null;
      }
      const sub: Record<string, string | null> = {};
      for (const [mk, mv] of Object.entries(map)) if (was[mk] !== mv && !(mv === null && !(mk in was))) sub[mk] = mv;
      for (const mk of Object.keys(was)) if (!(mk in map)) sub[mk] = null;
      if (Object.keys(sub).length) patch[key] = sub;
      continue;
    }
    const before = cur[key] ?? null;
    if (JSON.stringify(before) !== JSON.stringify(next)) patch[key] = next;
  }
  return patch;
}

const label = (lang: Lang, path: string) => SETTING_LABELS[lang][path] ?? path;
const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function errorFor(errors: Record<string, string>, name: string): Html | '' {
  const e = errors[name];
  return e ? html`<p class="error" id="${fieldId(name)}-error">${e}</p>` : '';
}

function select(name: string, value: string, options: Choice[], empty: string | null, errors: Record<string, string>): Html {
  const known = options.some((o) => o.value === value);
  return html`<select id="${fieldId(name)}" name="${name}"${errors[name] ? html` aria-invalid="true" aria-describedby="${fieldId(name)}-error"` : ''}>
    ${empty !== null ? html`<option value=""${value === '' ? ' selected' : ''}>${empty}</option>` : ''}
    ${!known && value !== '' ? html`<option value="${value}" selected>${value}</option>` : ''}
    ${options.map((o) => html`<option value="${o.value}"${o.value === value ? ' selected' : ''}>${o.label}</option>`)}
  </select>`;
}

function input(name: string, value: string, type: 'text' | 'number', errors: Record<string, string>, attrs: { min?: number; max?: number; label?: string } = {}): Html {
  return html`<input id="${fieldId(name)}" name="${name}" type="${type}" value="${value}"${attrs.min !== undefined ? html` min="${attrs.min}"` : ''}${attrs.max !== undefined ? html` max="${attrs.max}"` : ''}${attrs.label ? html` aria-label="${attrs.label}"` : ''}${errors[name] ? html` aria-invalid="true" aria-describedby="${fieldId(name)}-error"` : ''}>`;
}

/** The form; `values` are the flat strings to show (stored settings, or what was posted when it had errors). */
export function settingsForm(ctx: PageContext, values: Record<string, string>, choices: Choices, errors: Record<string, string>, settings?: ShopSettings): Html {
  const { lang, t } = ctx;
  const v = (name: string) => values[name] ?? '';
  const scalar = (path: string, k: Kind): Html => {
    const opts = choicesFor(choices, path);
    if (k.kind === 'boolean') {
      return html`<div class="check"><input type="checkbox" id="${fieldId(path)}" name="${path}"${v(path) === 'on' ? ' checked' : ''}><label for="${fieldId(path)}">${label(lang, path)}</label>${errorFor(errors, path)}</div>`;
    }
    const control =
      k.kind === 'enum' ? select(path, v(path), k.options.map((o) => ({ value: o, label: label(lang, `${path}.${o}`) })), k.nullable ? t.none : null, errors)
      : opts ? select(path, v(path), opts, k.kind === 'number' || k.kind === 'string' ? (k.nullable ? (path.startsWith('accounts.') ? t.fortnoxDefault : t.none) : null) : null, errors)
      : input(path, v(path), k.kind === 'number' ? 'number' : 'text', errors, k.kind === 'number' ? { min: k.min, max: k.max } : {});
    return html`<div><label for="${fieldId(path)}">${label(lang, path)}</label>${control}${errorFor(errors, path)}</div>`;
  };
  const map = (key: string): Html => {
    const rows: number[] = [];
    let n = 0;
    while (values[`${key}.key.${n}`] !== undefined) n++;
    for (let i = 0; i < n + NEW_ROWS; i++) rows.push(i);
    const opts = choicesFor(choices, key);
    return html`<fieldset><legend>${label(lang, key)}</legend>${errorFor(errors, key)}
      ${rows.map((i) => html`<div class="pair">
        ${input(`${key}.key.${i}`, v(`${key}.key.${i}`), 'text', errors, { label: `${label(lang, key)}: ${t.mapKey} ${i + 1}` })}
        ${opts
          ? html`<select name="${key}.value.${i}" aria-label="${label(lang, key)}: ${t.mapValue} ${i + 1}">${html`<option value="">${t.none}</option>`}${(() => {
              const cur = v(`${key}.value.${i}`);
              return [!opts.some((o) => o.value === cur) && cur ? html`<option value="${cur}" selected>${cur}</option>` : '', ...opts.map((o) => html`<option value="${o.value}"${o.value === cur ? ' selected' : ''}>${o.label}</option>`)];
            })()}</select>`
          : input(`${key}.value.${i}`, v(`${key}.value.${i}`), 'text', errors, { label: `${label(lang, key)}: ${t.mapValue} ${i + 1}` })}
      </div>`)}
    </fieldset>`;
  };
  const plain = SETTING_FIELDS.filter(([, k]) => k.kind !== 'object' && k.kind !== 'map' && k.kind !== 'nested');
  const current = settings as Record<string, unknown> | undefined;
  return html`<form method="post" action="/app/settings" novalidate>
    <input type="hidden" name="_csrf" value="${ctx.session?.csrfToken ?? ''}">
    <div class="grid">${plain.map(([key, k]) => scalar(key, k))}</div>
    ${SETTING_FIELDS.filter(([, k]) => k.kind === 'object').map(([key, k]) =>
      html`<fieldset><legend>${label(lang, key)}</legend><div class="grid">${(k as Extract<Kind, { kind: 'object' }>).fields.map(([sub, sk]) => scalar(`${key}.${sub}`, sk))}</div></fieldset>`)}
    ${SETTING_FIELDS.filter(([, k]) => k.kind === 'map').map(([key]) => map(key))}
    ${SETTING_FIELDS.filter(([, k]) => k.kind === 'nested').map(([key]) =>
      html`<fieldset><legend>${label(lang, key)}</legend><pre>${JSON.stringify(current?.[key] ?? {}, null, 1)}</pre><p>${t.nestedHint}</p></fieldset>`)}
    <p><button type="submit">${t.save}</button></p>
  </form>`;
}

// The pages' markup. Each takes what it shows, already loaded; no I/O here.
import type { orderStatus, productStatus } from '../api/routes/status';
import { ERROR_CATALOG, isErrorCode } from '../domain/errors';
import { formatAmountSv } from '../domain/format';
import { LOG_ENTITIES, LOG_OUTCOMES } from '../api/routes/log';
import { html, type Html } from './html';
import { badge, csrfField, layout, when, type FlashCode, type PageContext } from './layout';
import type { overviewData, ParkedItem } from './data';

/** Trust results the overview shows when a provider is wired (GET /shops/:shopId/preflight and /reconciliation). */
export interface PreflightView {
  ok: boolean;
  checks: Array<{ id: string; ok: boolean; severity: string; messageSv: string; messageEn: string; fix?: string }>;
}
export interface ReconciliationView {
  from: string;
  to: string;
  ok: boolean;
  summarySv: string;
  summaryEn: string;
}

export function loginPage(ctx: PageContext, loginCsrf: string, problem?: string): Html {
  const { t } = ctx;
  return layout(ctx, t.login, html`
    <section>
    ${problem ? html`<p class="error" role="alert" id="key-error">${problem}</p>` : ''}
    <form method="post" action="/app/login">
      <input type="hidden" name="_csrf" value="${loginCsrf}">
      <label for="key">${t.key}</label>
      <input id="key" name="key" type="password" autocomplete="current-password" required${problem ? html` aria-invalid="true" aria-describedby="key-error"` : ''}>
      <p class="hint">${t.keyHelp}</p>
      <p><button type="submit">${t.login}</button></p>
    </form>
    </section>`);
}

export function shopsPage(ctx: PageContext, shops: Array<{ id: string; name: string }>): Html {
  const { t } = ctx;
  return layout(ctx, t.chooseShop, html`<section>${shops.length
    ? html`<form method="post" action="/app/shops">${csrfField(ctx)}
        <label for="shop">${t.chooseShop}</label>
        <select id="shop" name="shopId">${shops.map((s) => html`<option value="${s.id}">${s.name} (${s.id})</option>`)}</select>
        <button type="submit">${t.choose}</button></form>`
    : html`<p>${t.noShops}</p>`}</section>`, { nav: false });
}

const figure = (n: number | null, ctx: PageContext) => (n === null ? html`<span title="${ctx.t.temporalDown}">–</span>` : String(n));

export function overviewPage(
  ctx: PageContext,
  d: Awaited<ReturnType<typeof overviewData>>,
  trust: { preflight?: PreflightView | null; reconciliation?: ReconciliationView | null },
  flash?: FlashCode,
): Html {
  const { t, lang } = ctx;
  const c = d.connection;
  const stateWord = c.status === 'connected' ? t.connected : c.status === 'reconnect_needed' ? t.reconnectNeeded : t.notConnected;
  const rows: Array<[string, { today: number; month: number }]> = [[t.synced, d.counts.synced], [t.skipped, d.counts.skipped], [t.parked, d.counts.needs_attention]];
  return layout(ctx, t.nav.overview, html`
  <section aria-labelledby="h-conn"><h2 id="h-conn">${t.connection}</h2>
    <p><span class="badge badge-${c.status}">${stateWord}</span>
      ${c.tenantId ? html` · ${t.company} ${c.tenantId}` : ''}${c.updatedAt ? html` · ${t.since} ${when(c.updatedAt)}` : ''}</p>
    ${c.lastError && c.status !== 'connected' ? html`<p class="hint">${c.lastError}</p>` : ''}
    <form method="post" action="/app/connect">${csrfField(ctx)}
      <button type="submit"${c.status === 'connected' ? ' class="secondary"' : ''}>${c.status === 'not_connected' ? t.connect : t.reconnect}</button></form>
  </section>
  <section aria-labelledby="h-counts"><h2 id="h-counts">${t.counts}</h2>
    <table><thead><tr><th scope="col"></th><th scope="col" class="num">${t.today}</th><th scope="col" class="num">${t.month}</th></tr></thead>
    <tbody>${rows.map(([label, n]) => html`<tr><th scope="row">${label}</th><td class="num">${n.today}</td><td class="num">${n.month}</td></tr>`)}</tbody></table>
    <p>${t.now}: <a href="/app/attention"><strong>${figure(d.parkedNow, ctx)}</strong> ${t.parkedNow}</a> · <strong>${figure(d.inFlight, ctx)}</strong> ${t.inFlightNow}</p>
  </section>
  <section aria-labelledby="h-rate"><h2 id="h-rate">${t.rateBudget}</h2>
    <p><meter min="0" max="${d.rate.limit}" value="${d.rate.used}" aria-label="${t.rateBudget}">${d.rate.used}/${d.rate.limit}</meter>
    ${t.rateBudgetText(d.rate.used, d.rate.limit, d.rate.windowSeconds)}</p>
  </section>
  <section aria-labelledby="h-pre"><h2 id="h-pre">${t.preflight}</h2>
    ${trust.preflight
      ? html`<table><tbody>${trust.preflight.checks.map((ch) => html`<tr><td>${ch.ok ? badge(ctx, 'synced') : badge(ctx, ch.severity === 'error' ? 'failed' : 'needs_attention')}</td>
          <td>${lang === 'sv' ? ch.messageSv : ch.messageEn}${!ch.ok && ch.fix ? html`<p class="hint">${t.fix}: ${ch.fix}</p>` : ''}</td></tr>`)}</tbody></table>`
      : html`<p class="hint">${t.notAvailable}</p>`}
  </section>
  <section aria-labelledby="h-rec"><h2 id="h-rec">${t.reconciliation}</h2>
    ${trust.reconciliation
      ? html`<p>${trust.reconciliation.from} – ${trust.reconciliation.to}: ${badge(ctx, trust.reconciliation.ok ? 'synced' : 'needs_attention')} ${lang === 'sv' ? trust.reconciliation.summarySv : trust.reconciliation.summaryEn}</p>`
      : html`<p class="hint">${t.notAvailable}</p>`}
  </section>
  <section aria-labelledby="h-find"><h2 id="h-find">${t.findOrder}</h2>
    <form method="get" action="/app/orders" class="filters"><div><label for="find-order">${t.orderId}</label><input id="find-order" name="id" type="text" inputmode="numeric"></div><button type="submit">${t.find}</button></form>
  </section>`, { flash });
}

export function settingsPage(ctx: PageContext, form: Html, info: { connected: boolean; problems: string[]; warnings: string[] }, flash?: FlashCode): Html {
  const { t } = ctx;
  return layout(ctx, t.nav.settings, html`
    ${info.problems.length ? html`<div class="flash problem" role="alert"><p>${t.settingsErrors}</p><ul>${info.problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : ''}
    ${info.warnings.length ? html`<div class="flash problem" role="status"><p>${t.warnings}:</p><ul>${info.warnings.map((p) => html`<li>${p}</li>`)}</ul></div>` : ''}
    <p class="hint">${info.connected ? t.fortnoxChoicesFrom : t.fortnoxChoicesMissing}</p>
    <section>${form}</section>`, { flash });
}

export interface LogFilters {
  entity?: string;
  outcome?: string;
  date?: string;
  orderId?: string;
}

export function logPage(
  ctx: PageContext,
  filters: LogFilters,
  entries: Array<{ id: string; at: Date; entity: string; entityId: string; outcome: string; error: { code: string; titleSv: string | null; titleEn: string | null } | null; messageSv: string | null; messageEn: string | null }>,
  paging: { older?: string; isFirst: boolean },
  problem?: string,
): Html {
  const { t, lang } = ctx;
  const sel = (name: string, options: readonly string[], words: Record<string, string>, value?: string) => html`
    <div><label for="log-${name}">${name === 'entity' ? t.entity : t.outcome}</label><select id="log-${name}" name="${name}">
      <option value="">${t.any}</option>${options.map((o) => html`<option value="${o}"${o === value ? ' selected' : ''}>${words[o] ?? o}</option>`)}</select></div>`;
  const qs = (extra: Record<string, string>) => new URLSearchParams(Object.entries({ ...filters, ...extra }).filter(([, v]) => v) as Array<[string, string]>).toString();
  return layout(ctx, t.nav.log, html`
    <section aria-labelledby="h-filters"><h2 id="h-filters">${t.filters}</h2>
      <form method="get" action="/app/log" class="filters">
        ${sel('entity', LOG_ENTITIES, t.entities, filters.entity)}
        ${sel('outcome', LOG_OUTCOMES, t.states, filters.outcome)}
        <div><label for="log-date">${t.fromDate}</label><input id="log-date" name="date" type="date" value="${filters.date ?? ''}"></div>
        <div><label for="log-order">${t.orderId}</label><input id="log-order" name="orderId" type="text" value="${filters.orderId ?? ''}"></div>
        <button type="submit">${t.filter}</button>
      </form>
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
    </section>
    <section>
    ${entries.length ? html`<table><thead><tr><th scope="col">${t.when}</th><th scope="col">${t.what}</th><th scope="col">${t.outcome}</th><th scope="col">${t.message}</th></tr></thead><tbody>
      ${entries.map((e) => html`<tr>
        <td>${when(e.at)}</td>
        <td>${e.entity === 'order' || e.entity === 'product'
          ? html`<a href="/app/${e.entity}s/${encodeURIComponent(e.entityId)}">${t.entities[e.entity]} ${e.entityId}</a>`
          : html`${t.entities[e.entity] ?? e.entity}`}</td>
        <td>${badge(ctx, e.outcome)}</td>
        <td>${e.error ? html`<strong>${(lang === 'sv' ? e.error.titleSv : e.error.titleEn) ?? e.error.code}</strong> ` : ''}${lang === 'sv' ? e.messageSv : e.messageEn}</td>
      </tr>`)}</tbody></table>` : html`<p>${t.noEntries}</p>`}
    <p>${!paging.isFirst ? html`<a href="/app/log?${qs({})}">${t.newest}</a> ` : ''}${paging.older ? html`<a href="/app/log?${qs({ before: paging.older })}">${t.older} →</a>` : ''}</p>
    </section>`);
}

export function attentionPage(ctx: PageContext, items: ParkedItem[] | null, reasons: Map<string, { code: string | null; sv: string | null; en: string | null; at: Date }>, flash?: FlashCode): Html {
  const { t, lang } = ctx;
  return layout(ctx, t.nav.attention, items === null
    ? html`<p class="flash problem" role="alert">${t.temporalUnavailable}</p>`
    : items.length === 0 ? html`<section><p>${t.noneParked}</p></section>`
    : items.map((it) => {
        const r = reasons.get(`${it.entity}:${it.entityId}`);
        const base = `/app/${it.entity}s/${encodeURIComponent(it.entityId)}`;
        return html`<section aria-labelledby="h-${it.entity}-${it.entityId}">
          <h2 id="h-${it.entity}-${it.entityId}"><a href="${base}">${t.entities[it.entity]} ${it.entityId}</a> ${badge(ctx, 'needs_attention')}</h2>
          ${r ? html`${r.code && isErrorCode(r.code) ? html`<p><strong>${lang === 'sv' ? ERROR_CATALOG[r.code].titleSv : ERROR_CATALOG[r.code].titleEn}</strong></p>` : ''}<p>${lang === 'sv' ? r.sv : r.en}</p><p class="hint">${when(r.at)}${r.code ? ` · ${r.code}` : ''}</p>` : ''}
          <form method="post" action="${base}/retry" class="inline">${csrfField(ctx)}<input type="hidden" name="back" value="attention"><button type="submit">${t.retry}</button></form>
          <form method="post" action="${base}/skip" class="filters">${csrfField(ctx)}<input type="hidden" name="back" value="attention">
            <div><label for="reason-${it.entity}-${it.entityId}">${t.reason}</label><input id="reason-${it.entity}-${it.entityId}" name="reason" type="text" maxlength="500" required></div>
            <button type="submit" class="secondary">${t.skipWith}</button></form>
        </section>`;
      }), { flash });
}

type OrderStatus = Awaited<ReturnType<typeof orderStatus>>;
type ProductStatus = Awaited<ReturnType<typeof productStatus>>;

export function entityPage(ctx: PageContext, entity: 'order' | 'product', s: OrderStatus | ProductStatus, flash?: FlashCode): Html {
  const { t, lang } = ctx;
  const id = entity === 'order' ? (s as OrderStatus).orderId : (s as ProductStatus).productId;
  const base = `/app/${entity}s/${encodeURIComponent(id)}`;
  const facts: Array<[string, Html | string]> = [[t.state, badge(ctx, s.state)]];
  if (s.step) facts.push([t.step, s.step]);
  if (s.attempts !== null) facts.push([t.attempts, String(s.attempts)]);
  if (entity === 'order') {
    const f = (s as OrderStatus).fortnox;
    if (f.documentNumber) facts.push([t.document, `${f.documentType === 'order' ? t.fortnoxOrder : t.invoice} ${f.documentNumber}`]);
    if (f.customerNumber) facts.push([t.customer, f.customerNumber]);
    if (f.fortnoxTotal !== null) facts.push([t.fortnoxTotal, formatAmountSv(Number(f.fortnoxTotal))]);
    if (f.quickbutikTotal !== null) facts.push([t.quickbutikTotal, formatAmountSv(Number(f.quickbutikTotal))]);
  } else {
    const f = (s as ProductStatus).fortnox;
    if (f.articles.length) facts.push([t.articles, f.articles.join(', ')]);
  }
  const parked = s.state === 'needs_attention';
  const e = s.lastError;
  return layout(ctx, `${t.entities[entity]} ${id}`, html`
    <section><dl class="grid">${facts.map(([k, v]) => html`<div><dt><strong>${k}</strong></dt><dd>${v}</dd></div>`)}</dl>
    ${e ? html`<h2>${t.lastError}: ${(lang === 'sv' ? e.titleSv : e.titleEn) ?? e.code}</h2><p>${lang === 'sv' ? e.explanationSv : e.explanationEn}</p>` : ''}
    <p>
      ${parked ? html`<form method="post" action="${base}/retry" class="inline">${csrfField(ctx)}<button type="submit">${t.retry}</button></form>` : ''}
      <form method="post" action="${base}/sync" class="inline">${csrfField(ctx)}<button type="submit" class="${parked ? 'secondary' : ''}">${t.sendNow}</button></form>
    </p>
    <p><a href="${s.workflow.uiUrl}" rel="noopener">${t.temporalLink}</a></p>
    </section>
    <section aria-labelledby="h-timeline"><h2 id="h-timeline">${t.timeline}</h2>
    ${s.log.length ? html`<ol>${s.log.map((l) => html`<li><strong>${when(l.at)}</strong> ${badge(ctx, l.outcome)} ${lang === 'sv' ? l.messageSv : l.messageEn}</li>`)}</ol>` : html`<p>${t.noEntries}</p>`}
    </section>`, { flash });
}

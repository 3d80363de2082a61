import { stockholmDateTime } from '../domain/format';
import { html, type Html, type HtmlValue } from './html';
import { TEXTS, type Lang, type Texts } from './i18n';

/** What every page knows about the request. */
export interface PageContext {
  lang: Lang;
  t: Texts;
  /** The current path + query, for the language switch to come back to. */
  here: string;
  session?: { role: 'admin' | 'shop'; shopId: string | null; shopName?: string; csrfToken: string };
}

export const pageContext = (lang: Lang, here: string, session?: PageContext['session']): PageContext => ({ lang, t: TEXTS[lang], here, session });

/** The hidden CSRF field every form carries. */
export const csrfField = (ctx: PageContext): Html => html`<input type="hidden" name="_csrf" value="${ctx.session?.csrfToken ?? ''}">`;

export const when = (d: Date | string | null | undefined): string => (d ? stockholmDateTime(new Date(d)) : '–');

/** A state as a word with a colour (never colour alone). */
export const badge = (ctx: PageContext, state: string): Html => html`<span class="badge badge-${state}">${ctx.t.states[state] ?? state}</span>`;

/** Feedback after a POST-redirect: fixed codes in the URL, never a message or personal data. */
export const FLASH_CODES = ['saved', 'retried', 'skipped', 'sync', 'nothing', 'temporal'] as const;
export type FlashCode = (typeof FLASH_CODES)[number];
function flashText(t: Texts, code: FlashCode): { text: string; ok: boolean } {
  switch (code) {
    case 'saved': return { text: t.settingsSaved, ok: true };
    case 'retried': return { text: t.retried, ok: true };
    case 'skipped': return { text: t.skippedDone, ok: true };
    case 'sync': return { text: t.syncStarted, ok: true };
    case 'nothing': return { text: t.nothingToSignal, ok: false };
    case 'temporal': return { text: t.temporalUnavailable, ok: false };
  }
}

export function layout(ctx: PageContext, title: string, body: HtmlValue, opts: { flash?: FlashCode; nav?: boolean } = {}): Html {
  const { t, lang } = ctx;
  const other: Lang = lang === 'sv' ? 'en' : 'sv';
  const flash = opts.flash && flashText(t, opts.flash);
  const s = ctx.session;
  const nav = opts.nav !== false && s?.shopId
    ? html`<nav aria-label="${t.appName}"><ul>
        <li><a href="/app">${t.nav.overview}</a></li>
        <li><a href="/app/attention">${t.nav.attention}</a></li>
        <li><a href="/app/log">${t.nav.log}</a></li>
        <li><a href="/app/settings">${t.nav.settings}</a></li>
        ${s.role === 'admin' ? html`<li><a href="/app/shops">${t.nav.shops}</a></li>` : ''}
      </ul></nav>`
    : '';
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${t.appName}</title>
<link rel="stylesheet" href="/app/style.css">
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header>
  <p class="brand">${t.appName}${s?.shopId ? html` · <strong>${s.shopName ?? s.shopId}</strong>` : ''}</p>
  ${nav}
  <div class="tools">
    <a href="/app/lang/${other}?back=${encodeURIComponent(ctx.here)}" lang="${other}" hreflang="${other}">${other === 'en' ? 'English' : 'Svenska'}</a>
    ${s ? html`<form method="post" action="/app/logout" class="inline">${csrfField(ctx)}<button type="submit">${t.logout}</button></form>` : ''}
  </div>
</header>
<main id="main">
<h1>${title}</h1>
${flash ? html`<p class="flash ${flash.ok ? 'ok' : 'problem'}" role="status">${flash.text}</p>` : ''}
${body}
</main>
</body>
</html>`;
}

export const STYLE = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #4a4a4a; --line: #c9c9c9; --accent: #0b5cad; --ok: #16653a; --warn: #8a4b00; --bad: #a11d1d; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fafafa; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
header .brand { margin: 0; font-weight: 600; }
header nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
header .tools { margin-left: auto; display: flex; gap: 1rem; align-items: center; }
main { max-width: 68rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f2a900; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .3rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1.1rem; margin: 1rem 0; }
h2 { font-size: 1.15rem; margin: .2rem 0 .6rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
label { display: block; font-weight: 600; margin-top: .6rem; }
.check label { display: inline; font-weight: 600; margin-left: .3rem; }
input[type=text], input[type=number], input[type=password], input[type=date], select { font: inherit; padding: .3rem .4rem; border: 1px solid #767676; border-radius: 4px; min-width: 14rem; max-width: 100%; }
button, .button { font: inherit; padding: .35rem .9rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: var(--accent); }
form.inline { display: inline; }
.filters { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-end; }
.filters label { margin: 0; }
.hint { color: var(--muted); font-size: .92rem; margin: .2rem 0; }
.error { color: var(--bad); font-weight: 600; margin: .2rem 0; }
.flash { padding: .5rem .8rem; border-radius: 4px; border: 1px solid; }
.flash.ok { color: var(--ok); background: #eef8f1; } .flash.problem { color: var(--bad); background: #fdf0f0; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .85rem; font-weight: 600; border: 1px solid; }
.badge-synced, .badge-connected { color: var(--ok); } .badge-needs_attention, .badge-reconnect_needed { color: var(--warn); }
.badge-failed, .badge-not_connected { color: var(--bad); } .badge-skipped, .badge-info, .badge-running, .badge-not_seen { color: var(--muted); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
legend { font-weight: 600; padding: 0 .3rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0 1.2rem; }
.pair { display: flex; gap: .5rem; margin: .3rem 0; }
`;

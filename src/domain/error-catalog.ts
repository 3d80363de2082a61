// Every error the sync can park on, in words a merchant understands: what is wrong, and exactly how to fix it.
// Swedish first (the merchants' language), English for support. `retryable` is false for all of them: these are
// data/config problems that a retry cannot fix until a person has acted — then the operator sends `retry`.
// Transient failures (network, 5xx, 429, token refresh) never reach this catalog; activities retry those.

export type ErrorCategory = 'data' | 'config' | 'connection' | 'fortnox';
export type ErrorParams = Record<string, string | number | undefined>;
export interface Bilingual {
  sv: string;
  en: string;
}
export interface CatalogEntry {
  titleSv: string;
  titleEn: string;
  explain(params: ErrorParams): Bilingual;
  fix(params: ErrorParams): Bilingual;
  retryable: boolean;
  category: ErrorCategory;
}

/** A parameter in a sentence; `<?>` marks one the producer forgot (the catalog test looks for it). */
const v = (x: string | number | undefined): string => (x === undefined || x === '' ? '<?>' : String(x));
/** ` <x>` when known, '' when not — for facts a Fortnox answer may not tell us. */
const q = (x: string | number | undefined, wrap = (s: string) => ` ${s}`): string => (x === undefined || x === '' ? '' : wrap(String(x)));
const amountSv = (x: string | number | undefined) => (typeof x === 'number' ? x.toFixed(2).replace('.', ',') : v(x));
const amountEn = (x: string | number | undefined) => (typeof x === 'number' ? x.toFixed(2) : v(x));
/** " (Fortnox: <message>)" when Fortnox said something, so support sees the original words too. */
const said = (p: ErrorParams) => (p.fortnoxMessage ? ` (Fortnox: ${p.fortnoxCode ? `${p.fortnoxCode} ` : ''}${p.fortnoxMessage})` : '');
const RETRY_SV = 'Skicka sedan ordern igen (Försök igen).';
const RETRY_EN = 'Then send the order again (Retry).';

const catalog = {
  INVALID_ARTICLE_NUMBER: {
    titleSv: 'Ogiltigt artikelnummer',
    titleEn: 'Invalid article number',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `${p.sku ? `Artikelnumret "${p.sku}"` : 'Ett artikelnummer'}${q(p.title, (s) => ` (${s})`)} innehåller tecken som Fortnox inte tillåter eller är längre än 50 tecken.${said(p)}`,
      en: `${p.sku ? `The article number "${p.sku}"` : 'An article number'}${q(p.title, (s) => ` (${s})`)} contains characters Fortnox does not allow, or is longer than 50 characters.${said(p)}`,
    }),
    fix: () => ({
      sv: `Ändra artikelnumret på produkten i Quickbutik så att det bara innehåller A–Z, a–z, 0–9 och - _ + / (inga å, ä, ö, mellanslag, kommatecken, punkter eller #) och är högst 50 tecken. ${RETRY_SV}`,
      en: `Change the product's article number (SKU) in Quickbutik so it only contains A–Z, a–z, 0–9 and - _ + / (no å, ä, ö, spaces, commas, periods or #) and is at most 50 characters. ${RETRY_EN}`,
    }),
  },
  MISSING_SKU: {
    titleSv: 'Artikelnummer saknas',
    titleEn: 'Article number missing',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Produkten "${v(p.title)}" (id ${v(p.productId)}) har inget artikelnummer, så den kan inte bli en artikel i Fortnox.`,
      en: `The product "${v(p.title)}" (id ${v(p.productId)}) has no article number (SKU), so it cannot become a Fortnox article.`,
    }),
    fix: () => ({
      sv: 'Ge produkten (och varje variant) ett unikt artikelnummer i Quickbutik och spara. Produkten skickas då igen.',
      en: 'Give the product (and every variant) a unique article number in Quickbutik and save. The product is then sent again.',
    }),
  },
  MISSING_VAT_RATE: {
    titleSv: 'Momssats saknas för produkt',
    titleEn: 'Product VAT rate unknown',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Vi vet inte vilken momssats som gäller för "${v(p.title)}" (artikelnummer ${v(p.sku)}). Quickbutik anger momsen på produkten, inte på orderraden, och produkten kunde inte hittas eller saknar momssats.`,
      en: `We do not know the VAT rate of "${v(p.title)}" (article number ${v(p.sku)}). Quickbutik keeps the VAT rate on the product, not on the order row, and the product could not be found or has no VAT rate.`,
    }),
    fix: () => ({
      sv: `Kontrollera att produkten finns i Quickbutik med samma artikelnummer som på ordern och att den har en momssats (25, 12, 6 eller 0 %). Har produkten tagits bort: lägg upp fakturan manuellt i Fortnox och hoppa över ordern. ${RETRY_SV}`,
      en: `Check that the product exists in Quickbutik with the same article number as on the order and has a VAT rate (25, 12, 6 or 0 %). If the product was deleted: create the invoice by hand in Fortnox and skip the order. ${RETRY_EN}`,
    }),
  },
  VAT_RATE_NOT_IN_FORTNOX: {
    titleSv: 'Momssatsen finns inte i Fortnox',
    titleEn: 'VAT rate not available in Fortnox',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Momssatsen${q(p.rate, (s) => ` ${s} %`)}${q(p.sku, (s) => ` (artikel ${s})`)} kan inte användas i Fortnox. Svenska momssatser är 25, 12, 6 och 0 %.${said(p)}`,
      en: `The VAT rate${q(p.rate, (s) => ` ${s} %`)}${q(p.sku, (s) => ` (article ${s})`)} cannot be used in Fortnox. Swedish VAT rates are 25, 12, 6 and 0 %.${said(p)}`,
    }),
    fix: () => ({
      sv: `Ändra produktens momssats i Quickbutik till 25, 12, 6 eller 0 %. Gäller felet en svensk momssats: kontrollera momsinställningarna under Inställningar › Bokföring i Fortnox. ${RETRY_SV}`,
      en: `Change the product's VAT rate in Quickbutik to 25, 12, 6 or 0 %. If the rate is a Swedish one: check the VAT settings under Settings › Bookkeeping in Fortnox. ${RETRY_EN}`,
    }),
  },
  ARTICLE_NOT_FOUND: {
    titleSv: 'Artikeln finns inte i Fortnox',
    titleEn: 'Article not found in Fortnox',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Ordern innehåller ${p.sku ? `artikeln ${p.sku}` : 'en artikel'} som inte finns i Fortnox, och synkning av orderns produkter är avstängd.${said(p)}`,
      en: `The order contains ${p.sku ? `article ${p.sku}` : 'an article'} which does not exist in Fortnox, and syncing the order's products is turned off.${said(p)}`,
    }),
    fix: () => ({
      sv: `Slå på "Synka orderns produkter" i inställningarna, eller lägg upp artikeln med exakt samma artikelnummer i Fortnox (Register › Artiklar). ${RETRY_SV}`,
      en: `Turn on "Sync the order's products" in the settings, or create the article with exactly the same article number in Fortnox (Register › Articles). ${RETRY_EN}`,
    }),
  },
  ACCOUNT_NOT_FOUND: {
    titleSv: 'Kontot finns inte i Fortnox',
    titleEn: 'Account not found in Fortnox',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `${p.account ? `Konto ${p.account}` : 'Ett konto'} finns inte eller är inaktivt i Fortnox kontoplan för räkenskapsåret. Det kan vara ett konto i inställningarna eller ett konto som ligger på artikeln eller kunden.${said(p)}`,
      en: `${p.account ? `Account ${p.account}` : 'An account'} does not exist or is inactive in the Fortnox chart of accounts for the financial year. It can be an account in the settings or one set on the article or the customer.${said(p)}`,
    }),
    fix: () => ({
      sv: `Lägg upp eller aktivera kontot i Fortnox (Inställningar › Bokföring › Kontoplan), eller välj ett befintligt konto i inställningarna. ${RETRY_SV}`,
      en: `Create or activate the account in Fortnox (Settings › Bookkeeping › Chart of accounts), or choose an existing account in the settings. ${RETRY_EN}`,
    }),
  },
  ACCOUNT_NOT_CONFIGURED: {
    titleSv: 'Konto saknas i inställningarna',
    titleEn: 'Account not configured',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Ordern behöver ett konto för ${v(p.purposeSv ?? p.purpose)}, men inget är valt i inställningarna och Fortnox har inget förvalt konto för det.`,
      en: `The order needs an account for ${v(p.purpose)}, but none is chosen in the settings and Fortnox has no predefined account for it.`,
    }),
    fix: (p) => ({
      sv: `Ange kontot under accounts.${v(p.setting)} i inställningarna, eller ställ in det förvalda kontot i Fortnox (Inställningar › Bokföring › Fördefinierade konton). ${RETRY_SV}`,
      en: `Set accounts.${v(p.setting)} in the settings, or set the predefined account in Fortnox (Settings › Bookkeeping › Predefined accounts). ${RETRY_EN}`,
    }),
  },
  COST_CENTER_NOT_FOUND: {
    titleSv: 'Kostnadsstället finns inte i Fortnox',
    titleEn: 'Cost center not found in Fortnox',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Kostnadsstället${q(p.costCenter)} som är valt i inställningarna finns inte i Fortnox.${said(p)}`,
      en: `The cost center${q(p.costCenter)} chosen in the settings does not exist in Fortnox.${said(p)}`,
    }),
    fix: () => ({
      sv: `Lägg upp kostnadsstället i Fortnox (Register › Kostnadsställen) eller ändra/ta bort kostnadsstället i inställningarna. ${RETRY_SV}`,
      en: `Create the cost center in Fortnox (Register › Cost centers) or change/remove the cost center in the settings. ${RETRY_EN}`,
    }),
  },
  CURRENCY_NOT_ENABLED: {
    titleSv: 'Valutan finns inte i Fortnox',
    titleEn: 'Currency not enabled in Fortnox',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Orderns valuta${q(p.currency)} är inte upplagd i Fortnox.${said(p)}`,
      en: `The order's currency${q(p.currency)} is not set up in Fortnox.${said(p)}`,
    }),
    fix: (p) => ({
      sv: `Lägg till valutan${q(p.currency)} i Fortnox (Register › Valutor). ${RETRY_SV}`,
      en: `Add the currency${q(p.currency)} in Fortnox (Register › Currencies). ${RETRY_EN}`,
    }),
  },
  PERIOD_LOCKED: {
    titleSv: 'Perioden är låst i Fortnox',
    titleEn: 'Accounting period locked in Fortnox',
    category: 'fortnox',
    retryable: false,
    explain: (p) => ({
      sv: `Fortnox tar inte emot dokumentet${q(p.date, (d) => ` daterat ${d}`)} eftersom bokföringsperioden är låst eller räkenskapsåret saknas.${said(p)}`,
      en: `Fortnox does not accept the document${q(p.date, (d) => ` dated ${d}`)} because the accounting period is locked or the financial year is missing.${said(p)}`,
    }),
    fix: () => ({
      sv: `Lås upp perioden (Inställningar › Bokföring › Låsning av period) eller lägg upp räkenskapsåret i Fortnox. Vill du inte öppna perioden: lägg upp dokumentet manuellt och hoppa över ordern. ${RETRY_SV}`,
      en: `Unlock the period (Settings › Bookkeeping › Period lock) or create the financial year in Fortnox. If the period must stay closed: create the document by hand and skip the order. ${RETRY_EN}`,
    }),
  },
  MISSING_LICENCE: {
    titleSv: 'Licens eller behörighet saknas i Fortnox',
    titleEn: 'Fortnox licence or permission missing',
    category: 'fortnox',
    retryable: false,
    explain: (p) => ({
      sv: `Fortnox-företaget saknar ett program eller en behörighet som behövs (Faktura & Bokföring, Integration, Offert & Order för ordrar, Lager för lagersaldo).${said(p)}`,
      en: `The Fortnox company lacks a module or permission that is needed (Invoicing & Bookkeeping, Integration, Quotes & Orders for orders, Warehouse for stock).${said(p)}`,
    }),
    fix: () => ({
      sv: `Aktivera programmet i Fortnox (Mina sidor › Tjänster) och koppla sedan om Fortnox från inställningarna så att behörigheten följer med. ${RETRY_SV}`,
      en: `Activate the module in Fortnox (My pages › Services), then reconnect Fortnox from the settings so the permission is granted. ${RETRY_EN}`,
    }),
  },
  TOTAL_MISMATCH: {
    titleSv: 'Summan stämmer inte',
    titleEn: 'Totals do not match',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)}: summan i Fortnox skulle bli ${amountSv(p.documentTotal)} ${v(p.currency)} men kunden betalade ${amountSv(p.quickbutikTotal)} ${v(p.currency)} i Quickbutik. Vi skickar inte ett dokument som inte stämmer med betalningen.`,
      en: `Order ${v(p.orderId)}: the total in Fortnox would be ${amountEn(p.documentTotal)} ${v(p.currency)} but the customer paid ${amountEn(p.quickbutikTotal)} ${v(p.currency)} in Quickbutik. We do not send a document that does not match the payment.`,
    }),
    fix: () => ({
      sv: 'Jämför orderns rader, frakt, rabatt och moms i Quickbutik (t.ex. ändrade priser, presentkort eller en momsfri order). Lägg upp dokumentet manuellt i Fortnox och hoppa över ordern, eller kontakta supporten med ordernumret.',
      en: 'Compare the order rows, shipping, discount and VAT in Quickbutik (e.g. edited prices, gift cards or a VAT-free order). Create the document by hand in Fortnox and skip the order, or contact support with the order number.',
    }),
  },
  CUSTOMER_INVALID: {
    titleSv: 'Kunduppgifterna går inte att använda',
    titleEn: 'Customer details cannot be used',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Kunden på order ${v(p.orderId)} kan inte läggas upp i Fortnox: ${v(p.reasonSv ?? p.reason)}.${said(p)}`,
      en: `The customer on order ${v(p.orderId)} cannot be created in Fortnox: ${v(p.reason)}.${said(p)}`,
    }),
    fix: () => ({
      sv: `Rätta kunduppgifterna på ordern i Quickbutik (namn, postnummer, land). ${RETRY_SV}`,
      en: `Correct the customer details on the order in Quickbutik (name, postcode, country). ${RETRY_EN}`,
    }),
  },
  CUSTOMER_NOT_FOUND: {
    titleSv: 'Kunden finns inte längre i Fortnox',
    titleEn: 'Customer no longer exists in Fortnox',
    category: 'fortnox',
    retryable: false,
    explain: (p) => ({
      sv: `Kundkortet${q(p.customerNumber)} som ordern kopplades till finns inte i Fortnox (borttaget?).${said(p)}`,
      en: `The customer card${q(p.customerNumber)} the order was linked to does not exist in Fortnox (deleted?).${said(p)}`,
    }),
    fix: () => ({
      sv: `Försök igen: kopplingen lägger då upp kunden på nytt. Ta inte bort kundkort som används av synkningen. ${RETRY_SV}`,
      en: `Retry: the sync then creates the customer again. Do not delete customer cards the sync uses. ${RETRY_EN}`,
    }),
  },
  TEXT_INVALID: {
    titleSv: 'Otillåtna tecken i texten',
    titleEn: 'Text contains characters Fortnox rejects',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `En text${p.field ? ` (${p.field})` : ''} innehåller tecken som Fortnox inte tar emot, t.ex. emoji eller " < > [ ] { } ~ |.${said(p)}`,
      en: `A text${p.field ? ` (${p.field})` : ''} contains characters Fortnox rejects, such as emoji or " < > [ ] { } ~ |.${said(p)}`,
    }),
    fix: () => ({
      sv: `Ta bort specialtecknen i produktnamnet eller kunduppgifterna i Quickbutik. ${RETRY_SV}`,
      en: `Remove the special characters from the product name or the customer details in Quickbutik. ${RETRY_EN}`,
    }),
  },
  TOO_MANY_ROWS: {
    titleSv: 'För många rader',
    titleEn: 'Too many rows',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Dokumentet skulle få ${v(p.rows)} rader, men Fortnox tillåter högst ${v(p.max)}.`,
      en: `The document would have ${v(p.rows)} rows, but Fortnox allows at most ${v(p.max)}.`,
    }),
    fix: () => ({
      sv: 'Lägg upp dokumentet manuellt i Fortnox (t.ex. uppdelat på två fakturor) och hoppa över ordern.',
      en: 'Create the document by hand in Fortnox (e.g. split over two invoices) and skip the order.',
    }),
  },
  INVALID_QUANTITY: {
    titleSv: 'Ogiltigt antal',
    titleEn: 'Invalid quantity',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Raden "${v(p.title)}" har antalet ${v(p.qty)}; antalet måste vara större än noll.`,
      en: `The row "${v(p.title)}" has quantity ${v(p.qty)}; the quantity must be greater than zero.`,
    }),
    fix: () => ({
      sv: `Rätta ordern i Quickbutik, eller lägg upp dokumentet manuellt i Fortnox och hoppa över ordern. ${RETRY_SV}`,
      en: `Correct the order in Quickbutik, or create the document by hand in Fortnox and skip the order. ${RETRY_EN}`,
    }),
  },
  FIELD_TOO_LONG: {
    titleSv: 'För lång text',
    titleEn: 'Value too long',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Fältet ${v(p.field)} blir ${v(p.length)} tecken långt, men Fortnox tillåter högst ${v(p.max)}.`,
      en: `The field ${v(p.field)} would be ${v(p.length)} characters long, but Fortnox allows at most ${v(p.max)}.`,
    }),
    fix: () => ({
      sv: 'Använd ett kortare butiks-id eller ordernummer, eller lägg upp dokumentet manuellt och hoppa över ordern.',
      en: 'Use a shorter shop id or order number, or create the document by hand and skip the order.',
    }),
  },
  WAY_OF_DELIVERY_NOT_FOUND: {
    titleSv: 'Leveranssättet finns inte i Fortnox',
    titleEn: 'Way of delivery not found in Fortnox',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Leveranssättet${q(p.code)} som fraktsättet är kopplat till finns inte i Fortnox.${said(p)}`,
      en: `The way of delivery${q(p.code)} the shipping method is mapped to does not exist in Fortnox.${said(p)}`,
    }),
    fix: () => ({
      sv: `Lägg upp leveranssättet i Fortnox (Register › Leveranssätt) med samma kod, eller ändra kopplingen under wayOfDelivery i inställningarna. ${RETRY_SV}`,
      en: `Create the way of delivery in Fortnox (Register › Ways of delivery) with the same code, or change the wayOfDelivery mapping in the settings. ${RETRY_EN}`,
    }),
  },
  MODE_OF_PAYMENT_NOT_FOUND: {
    titleSv: 'Betalningssättet finns inte i Fortnox',
    titleEn: 'Mode of payment not found in Fortnox',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Betalningssättet${q(p.code)} som betalmetoden är kopplad till finns inte i Fortnox.${said(p)}`,
      en: `The mode of payment${q(p.code)} the payment method is mapped to does not exist in Fortnox.${said(p)}`,
    }),
    fix: () => ({
      sv: `Lägg upp betalningssättet i Fortnox (Register › Betalningssätt) med samma kod, eller ändra kopplingen under paymentMethods i inställningarna. ${RETRY_SV}`,
      en: `Create the mode of payment in Fortnox (Register › Modes of payment) with the same code, or change the paymentMethods mapping in the settings. ${RETRY_EN}`,
    }),
  },
  TAXFREE_WITHOUT_VAT_NUMBER: {
    titleSv: 'Momsfri EU-order utan VAT-nummer',
    titleEn: 'VAT-free EU order without a VAT number',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} till ${v(p.country)} är momsfri, men kunden har inget VAT-nummer. Momsfri försäljning inom EU (omvänd skattskyldighet) kräver köparens VAT-nummer; annars ska svensk moms tas ut.`,
      en: `Order ${v(p.orderId)} to ${v(p.country)} is VAT-free, but the customer has no VAT number. VAT-free sales within the EU (reverse charge) require the buyer's VAT number; otherwise Swedish VAT must be charged.`,
    }),
    fix: () => ({
      sv: 'Lägg upp fakturan manuellt i Fortnox med rätt moms eller kundens VAT-nummer och hoppa över ordern. Se till att kassan i Quickbutik samlar in VAT-nummer för momsfria EU-köp.',
      en: "Create the invoice by hand in Fortnox with the correct VAT or the customer's VAT number and skip the order. Make sure the Quickbutik checkout collects VAT numbers for VAT-free EU purchases.",
    }),
  },
  VAT_TYPE_MISMATCH: {
    titleSv: 'Kundens momstyp passar inte ordern',
    titleEn: "Customer VAT type does not fit the order",
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Kunden har momstypen ${v(p.vatType)} i Fortnox men order ${v(p.orderId)} ${p.taxFree === 'yes' ? 'är momsfri' : 'har svensk moms'}. Vi bokför inte ordern med fel moms.`,
      en: `The customer has VAT type ${v(p.vatType)} in Fortnox but order ${v(p.orderId)} ${p.taxFree === 'yes' ? 'is VAT-free' : 'charges Swedish VAT'}. We do not book the order with the wrong VAT.`,
    }),
    fix: () => ({
      sv: `Kontrollera kundens land och momstyp på kundkortet i Fortnox och ordern i Quickbutik. ${RETRY_SV}`,
      en: `Check the customer's country and VAT type on the customer card in Fortnox and the order in Quickbutik. ${RETRY_EN}`,
    }),
  },
  VAT_MISMATCH: {
    titleSv: 'Momsen stämmer inte med butikens',
    titleEn: "VAT does not match the shop's",
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)}: dokumentet skulle bokföra ${amountSv(p.documentVat)} ${v(p.currency)} i moms${q(p.rate, (r) => ` (${r} %)`)} men kunden betalade ${amountSv(p.quickbutikVat)} ${v(p.currency)} i moms i Quickbutik. Summan kan stämma fast momsen är fel, och fel moms är ett skattefel. Trolig orsak: ${v(p.causesSv)}.`,
      en: `Order ${v(p.orderId)}: the document would book ${amountEn(p.documentVat)} ${v(p.currency)} of VAT${q(p.rate, (r) => ` (${r} %)`)} but the customer paid ${amountEn(p.quickbutikVat)} ${v(p.currency)} of VAT in Quickbutik. The total can match while the VAT is wrong, and wrong VAT is a tax error. Likely cause: ${v(p.causesEn)}.`,
    }),
    fix: () => ({
      sv: `Kontrollera produkternas momssatser och orderns land i Quickbutik. Har Quickbutik tagit ut ett annat lands moms: ställ in OSS-konton (oss) i inställningarna. Annars: lägg upp fakturan manuellt i Fortnox med den moms kunden betalade och hoppa över ordern. ${RETRY_SV}`,
      en: `Check the products' VAT rates and the order's country in Quickbutik. If Quickbutik charged another country's VAT: set up OSS accounts (oss) in the settings. Otherwise: create the invoice by hand in Fortnox with the VAT the customer paid and skip the order. ${RETRY_EN}`,
    }),
  },
  FORTNOX_VAT_MISMATCH: {
    titleSv: 'Fortnox bokförde annan moms än vi skickade',
    titleEn: 'Fortnox booked other VAT than we sent',
    category: 'fortnox',
    retryable: false,
    explain: (p) => ({
      sv: `Dokument ${v(p.documentNumber)} (order ${v(p.orderId)}): Fortnox räknade fram ${amountSv(p.fortnoxVat)} ${v(p.currency)} i moms${q(p.rate, (r) => ` (${r} %)`)}, vi skickade rader med ${amountSv(p.sentVat)} ${v(p.currency)}.`,
      en: `Document ${v(p.documentNumber)} (order ${v(p.orderId)}): Fortnox computed ${amountEn(p.fortnoxVat)} ${v(p.currency)} of VAT${q(p.rate, (r) => ` (${r} %)`)}, we sent rows with ${amountEn(p.sentVat)} ${v(p.currency)}.`,
    }),
    fix: () => ({
      sv: 'Öppna dokumentet i Fortnox och kontrollera radernas momssats och konton (momskod på kontot, artikelns momssats). Rätta det i Fortnox innan det bokförs, eller kreditera och lägg upp det på nytt.',
      en: "Open the document in Fortnox and check its rows' VAT rates and accounts (the account's VAT code, the article's VAT rate). Correct it in Fortnox before it is booked, or credit it and create it again.",
    }),
  },
  OSS_NOT_CONFIGURED: {
    titleSv: 'OSS är inte inställt för landet',
    titleEn: 'OSS not set up for the country',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} till ${v(p.country)} har mottagarlandets moms (${v(p.rate)} %), men inget OSS-konto är inställt för ${v(p.country)} ${v(p.rate)} %. Utländsk moms bokförs aldrig som svensk moms: den redovisas i OSS, inte i den svenska momsdeklarationen.`,
      en: `Order ${v(p.orderId)} to ${v(p.country)} carries the destination country's VAT (${v(p.rate)} %), but no OSS account is set up for ${v(p.country)} ${v(p.rate)} %. Foreign VAT is never booked as Swedish VAT: it is reported through OSS, not on the Swedish VAT return.`,
    }),
    fix: (p) => ({
      sv: `Lägg upp momssatsen ${v(p.rate)} % och ett försäljningskonto för ${v(p.country)} med egen momskod i Fortnox (Inställningar › Bokföring › Moms och Kontoplan), och ange kontot under oss.${v(p.country)}."${v(p.rate)}" i inställningarna. ${RETRY_SV}`,
      en: `Add the VAT rate ${v(p.rate)} % and a sales account for ${v(p.country)} with its own VAT code in Fortnox (Settings › Bookkeeping › VAT and Chart of accounts), and set it as oss.${v(p.country)}."${v(p.rate)}" in the settings. ${RETRY_EN}`,
    }),
  },
  ACCOUNT_VAT_CODE_MISMATCH: {
    titleSv: 'Kontots momskod passar inte',
    titleEn: "Account's VAT code does not fit",
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Konto ${v(p.account)} (${v(p.setting)}) har momskoden ${v(p.vatCode)} men används för ${p.expected === 'oss' ? 'utländsk moms (OSS)' : `${v(p.expected)} % moms`}. Momsen skulle hamna i fel ruta i momsdeklarationen.`,
      en: `Account ${v(p.account)} (${v(p.setting)}) has VAT code ${v(p.vatCode)} but is used for ${p.expected === 'oss' ? 'foreign VAT (OSS)' : `${v(p.expected)} % VAT`}. The VAT would land in the wrong box of the VAT return.`,
    }),
    fix: (p) => ({
      sv: `Välj ett konto vars momskod stämmer med användningen (25 % MP1, 12 % MP2, 6 % MP3, 0 % ingen av dem) under accounts.${v(p.setting)}, eller ändra kontots momskod i Fortnox kontoplan.`,
      en: `Choose an account whose VAT code fits its use (25 % MP1, 12 % MP2, 6 % MP3, 0 % none of them) as accounts.${v(p.setting)}, or change the account's VAT code in the Fortnox chart of accounts.`,
    }),
  },
  VAT_NUMBER_INVALID: {
    titleSv: 'VAT-numret är ogiltigt',
    titleEn: 'VAT number invalid',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Köparens VAT-nummer "${v(p.vatNumber)}" på order ${v(p.orderId)} ${p.reason === 'prefix' ? 'hör inte till leveranslandet' : 'har inte formatet för'} ${v(p.country)}. Momsfri EU-försäljning (omvänd betalningsskyldighet) kräver köparens giltiga VAT-nummer i ett annat EU-land.`,
      en: `The buyer's VAT number "${v(p.vatNumber)}" on order ${v(p.orderId)} ${p.reason === 'prefix' ? 'does not belong to the delivery country' : 'does not have the format of'} ${v(p.country)}. A VAT-free EU sale (reverse charge) needs the buyer's valid VAT number in another member state.`,
    }),
    fix: () => ({
      sv: `Be kunden om rätt VAT-nummer och rätta det på ordern i Quickbutik, eller lägg upp fakturan manuellt med svensk moms och hoppa över ordern. ${RETRY_SV}`,
      en: `Ask the customer for the correct VAT number and correct it on the order in Quickbutik, or create the invoice by hand with Swedish VAT and skip the order. ${RETRY_EN}`,
    }),
  },
  EU_DISTANCE_SALES_THRESHOLD: {
    titleSv: 'Tröskelvärdet för distansförsäljning inom EU',
    titleEn: 'EU distance-sales threshold',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Försäljningen till konsumenter i andra EU-länder ${v(p.year)} är ${amountSv(p.total)} SEK exkl. moms av tröskelvärdet ${amountSv(p.threshold)} SEK${p.crossed === 'yes' ? ' och har passerat det: från och med försäljningen som passerade det ska mottagarlandets moms tas ut.' : ` (${amountSv(p.remaining)} SEK kvar).`}`,
      en: `Sales to consumers in other EU countries in ${v(p.year)} are ${amountEn(p.total)} SEK excl. VAT against the threshold of ${amountEn(p.threshold)} SEK${p.crossed === 'yes' ? ' and have passed it: from the sale that passed it on, the destination country\'s VAT must be charged.' : ` (${amountEn(p.remaining)} SEK left).`}`,
    }),
    fix: () => ({
      sv: 'Registrera företaget för OSS hos Skatteverket, slå på landsspecifika momssatser i Quickbutik och ställ in OSS-konton (oss) i inställningarna innan tröskelvärdet passeras.',
      en: "Register the company for OSS with Skatteverket, turn on country-specific VAT rates in Quickbutik and set up OSS accounts (oss) in the settings before the threshold is passed.",
    }),
  },
  GIFT_CARD_NOT_SUPPORTED: {
    titleSv: 'Presentkort bokförs inte automatiskt',
    titleEn: 'Gift cards are not booked automatically',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: p.kind === 'sold'
        ? `Order ${v(p.orderId)} säljer presentkortet "${v(p.title)}" (${amountSv(p.amount)} ${v(p.currency)}). Ett sålt presentkort (flerfunktionsvoucher) är en skuld till kunden, inte en försäljning med moms: momsen uppstår först när kortet löses in.`
        : `Order ${v(p.orderId)} är betald helt eller delvis med presentkort${q(p.amount, (a) => ` (${amountSv(Number(a))} ${v(p.currency)})`)}. Ett inlöst presentkort är ett betalmedel, inte en rabatt: varornas moms ska inte minskas.`,
      en: p.kind === 'sold'
        ? `Order ${v(p.orderId)} sells the gift card "${v(p.title)}" (${amountEn(p.amount)} ${v(p.currency)}). A sold gift card (multi-purpose voucher) is a liability to the customer, not a sale with VAT: the VAT arises only when the card is redeemed.`
        : `Order ${v(p.orderId)} is paid wholly or partly by gift card${q(p.amount, (a) => ` (${amountEn(Number(a))} ${v(p.currency)})`)}. A redeemed gift card is a means of payment, not a discount: the goods' VAT must not be reduced.`,
    }),
    fix: () => ({
      sv: 'Bokför ordern manuellt i Fortnox (sålt kort: skuld, t.ex. konto 2420; inlöst kort: betalning mot skulden) och hoppa över ordern.',
      en: 'Book the order by hand in Fortnox (sold card: a liability, e.g. account 2420; redeemed card: a payment against that liability) and skip the order.',
    }),
  },
  DUPLICATE_SKU: {
    titleSv: 'Artikelnumret används två gånger',
    titleEn: 'Article number used twice',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Artikelnumret "${v(p.sku)}" finns på både "${v(p.first)}" och "${v(p.second)}" i Quickbutik. I Fortnox är artikelnumret unikt, så den ena skulle skriva över den andra.`,
      en: `The article number "${v(p.sku)}" is on both "${v(p.first)}" and "${v(p.second)}" in Quickbutik. In Fortnox an article number is unique, so one would overwrite the other.`,
    }),
    fix: () => ({
      sv: 'Ge varje produkt och variant ett eget artikelnummer i Quickbutik och spara. Produkten skickas då igen.',
      en: 'Give every product and variant its own article number in Quickbutik and save. The product is then sent again.',
    }),
  },
  FORTNOX_REJECTED: {
    titleSv: 'Fortnox avvisade uppgifterna',
    titleEn: 'Fortnox rejected the data',
    category: 'fortnox',
    retryable: false,
    explain: (p) => ({
      sv: `Fortnox svarade med fel ${v(p.fortnoxCode)}: "${v(p.fortnoxMessage)}".`,
      en: `Fortnox answered with error ${v(p.fortnoxCode)}: "${v(p.fortnoxMessage)}" (Fortnox writes its messages in Swedish).`,
    }),
    fix: () => ({
      sv: `Rätta det Fortnox pekar på (i Quickbutik eller i Fortnox). Är meddelandet oklart, kontakta supporten med felkoden. ${RETRY_SV}`,
      en: `Fix what Fortnox points to (in Quickbutik or in Fortnox). If the message is unclear, contact support with the error code. ${RETRY_EN}`,
    }),
  },
  RECONNECT_NEEDED: {
    titleSv: 'Fortnox behöver kopplas om',
    titleEn: 'Fortnox must be reconnected',
    category: 'connection',
    retryable: false,
    explain: (p) => ({
      sv: `Behörigheten till Fortnox har upphört (återkallad, utgången eller använd från ett annat ställe). Inget skickas till Fortnox förrän kopplingen görs om.${said(p)}`,
      en: `Access to Fortnox has ended (revoked, expired or used elsewhere). Nothing is sent to Fortnox until the connection is made again.${said(p)}`,
    }),
    fix: () => ({
      sv: 'Koppla Fortnox igen från inställningarna ("Anslut Fortnox") och logga in som en användare med behörighet. Väntande ordrar skickas sedan automatiskt när du trycker Försök igen.',
      en: 'Connect Fortnox again from the settings ("Connect Fortnox") and log in as a user with the right permissions. Waiting orders are then sent when you press Retry.',
    }),
  },
  QUICKBUTIK_AUTH_FAILED: {
    titleSv: 'API-nyckeln till Quickbutik fungerar inte',
    titleEn: 'Quickbutik API key rejected',
    category: 'connection',
    retryable: false,
    explain: () => ({
      sv: 'Quickbutik godkänner inte API-nyckeln som är sparad för butiken (borttagen eller ändrad).',
      en: 'Quickbutik does not accept the API key stored for the shop (deleted or changed).',
    }),
    fix: () => ({
      sv: 'Skapa en ny API-nyckel i Quickbutik (Inställningar › API) och spara den i kopplingens inställningar. Tryck sedan Försök igen.',
      en: 'Create a new API key in Quickbutik (Settings › API) and save it in the connection settings. Then press Retry.',
    }),
  },
  ORDER_NOT_FOUND: {
    titleSv: 'Ordern finns inte i Quickbutik',
    titleEn: 'Order not found in Quickbutik',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Quickbutik hittar ingen order med nummer ${v(p.orderId)} (borttagen, eller ett felaktigt nummer).`,
      en: `Quickbutik has no order with number ${v(p.orderId)} (deleted, or a wrong number).`,
    }),
    fix: () => ({
      sv: 'Kontrollera ordernumret i Quickbutik. Finns ordern inte längre: hoppa över den.',
      en: 'Check the order number in Quickbutik. If the order no longer exists: skip it.',
    }),
  },
  PRODUCT_NOT_FOUND: {
    titleSv: 'Produkten finns inte i Quickbutik',
    titleEn: 'Product not found in Quickbutik',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Quickbutik hittar ingen produkt med id ${v(p.productId)} (borttagen?).`,
      en: `Quickbutik has no product with id ${v(p.productId)} (deleted?).`,
    }),
    fix: () => ({
      sv: 'Finns produkten inte längre: hoppa över den. Artikeln i Fortnox ändras inte.',
      en: 'If the product no longer exists: skip it. The Fortnox article is left unchanged.',
    }),
  },
  ORDER_NOT_PAID: {
    titleSv: 'Ordern är inte betald',
    titleEn: 'Order is not paid',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} är inte betald i Quickbutik (status ${v(p.status)}). Endast betalda ordrar skickas till Fortnox.`,
      en: `Order ${v(p.orderId)} is not paid in Quickbutik (status ${v(p.status)}). Only paid orders are sent to Fortnox.`,
    }),
    fix: () => ({
      sv: 'Markera ordern som betald i Quickbutik när betalningen kommit in; den skickas då automatiskt. Annars: hoppa över den.',
      en: 'Mark the order as paid in Quickbutik once the payment has arrived; it is then sent automatically. Otherwise: skip it.',
    }),
  },
  ORDER_CANCELLED: {
    titleSv: 'Ordern är makulerad',
    titleEn: 'Order is cancelled',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} är makulerad i Quickbutik och ska inte bokföras.`,
      en: `Order ${v(p.orderId)} is cancelled in Quickbutik and must not be booked.`,
    }),
    fix: () => ({
      sv: 'Hoppa över ordern. Har den redan skickats till Fortnox: kreditera dokumentet där.',
      en: 'Skip the order. If it was already sent to Fortnox: credit the document there.',
    }),
  },
  ORDER_HAS_NO_ROWS: {
    titleSv: 'Ordern saknar rader',
    titleEn: 'Order has no rows',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} innehåller inga produkter enligt Quickbutik.`,
      en: `Order ${v(p.orderId)} contains no products according to Quickbutik.`,
    }),
    fix: () => ({
      sv: 'Kontrollera ordern i Quickbutik. Lägg upp dokumentet manuellt vid behov och hoppa över ordern.',
      en: 'Check the order in Quickbutik. Create the document by hand if needed and skip the order.',
    }),
  },
  ORDER_PARSE_FAILED: {
    titleSv: 'Ordern kunde inte läsas',
    titleEn: 'Order could not be read',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} från Quickbutik har uppgifter vi inte kan bokföra säkert: ${v(p.problems)}.`,
      en: `Order ${v(p.orderId)} from Quickbutik has details we cannot book safely: ${v(p.problems)}.`,
    }),
    fix: () => ({
      sv: `Kontrollera uppgifterna ovan på ordern i Quickbutik (t.ex. pris eller antal). Lägg annars upp dokumentet manuellt och hoppa över ordern. ${RETRY_SV}`,
      en: `Check the details above on the order in Quickbutik (e.g. price or quantity). Otherwise create the document by hand and skip the order. ${RETRY_EN}`,
    }),
  },
  // -- after the sale: cancellations, refunds, payments -------------------------------------------------------------
  PAYMENT_METHOD_UNMAPPED: {
    titleSv: 'Betalsättet saknar koppling',
    titleEn: 'Payment method not mapped',
    category: 'config',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} betalades med "${v(p.method)}", men inställningen paymentMethods anger inget betalningssätt i Fortnox för det (och ingen reserv "*"), så betalningen kan inte registreras på faktura ${v(p.invoiceNumber)}.`,
      en: `Order ${v(p.orderId)} was paid with "${v(p.method)}", but the paymentMethods setting names no Fortnox mode of payment for it (and no "*" fallback), so the payment cannot be registered on invoice ${v(p.invoiceNumber)}.`,
    }),
    fix: (p) => ({
      sv: `Lägg till "${v(p.method)}" (eller "*") i inställningen paymentMethods med koden för ett betalningssätt i Fortnox (Inställningar › Bokföring › Betalningssätt). Sköter en annan koppling redan betalningarna för det betalsättet (t.ex. Klarnas utbetalningar): stäng av registerPayments eller hoppa över. ${RETRY_SV}`,
      en: `Add "${v(p.method)}" (or "*") to the paymentMethods setting with the code of a Fortnox mode of payment (Settings › Bookkeeping › Modes of payment). If another integration already settles payments of this method (e.g. Klarna payouts): turn registerPayments off or skip. ${RETRY_EN}`,
    }),
  },
  REFUND_AMOUNT_UNREADABLE: {
    titleSv: 'Återbetalningens belopp går inte att läsa',
    titleEn: 'Refund amount cannot be read',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} har en återbetalning (${v(p.refundId)}) i Quickbutik vars belopp${p.reason ? ` ${p.reason}` : ' saknas eller inte går att tolka'}. Vi gissar aldrig ett belopp, så ingen kreditfaktura har skapats för den.`,
      en: `Order ${v(p.orderId)} has a refund (${v(p.refundId)}) in Quickbutik whose amount${p.reason ? ` ${p.reason}` : ' is missing or cannot be read'}. We never guess an amount, so no credit invoice was created for it.`,
    }),
    fix: () => ({
      sv: `Kontrollera återbetalningen i Quickbutik. Skapa kreditfakturan manuellt i Fortnox och hoppa sedan över, eller rätta återbetalningen och ${RETRY_SV.toLowerCase()}`,
      en: `Check the refund in Quickbutik. Create the credit invoice by hand in Fortnox and then skip, or correct the refund and ${RETRY_EN.toLowerCase()}`,
    }),
  },
  CREDIT_EXCEEDS_ORIGINAL: {
    titleSv: 'Krediteringen blir större än fakturan',
    titleEn: 'Credit would exceed the invoice',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Återbetalningen ${v(p.refundId)} på order ${v(p.orderId)} (${amountSv(p.amount)}) skulle tillsammans med redan krediterade ${amountSv(p.credited)} bli mer än originalets ${amountSv(p.original)} (${v(p.documentNumber)}).`,
      en: `Refund ${v(p.refundId)} of order ${v(p.orderId)} (${amountEn(p.amount)}) together with the ${amountEn(p.credited)} already credited would exceed the original's ${amountEn(p.original)} (${v(p.documentNumber)}).`,
    }),
    fix: () => ({
      sv: `Jämför återbetalningarna i Quickbutik med kreditfakturorna i Fortnox. Rätta det som är fel, eller kreditera manuellt och hoppa över. ${RETRY_SV}`,
      en: `Compare the refunds in Quickbutik with the credit invoices in Fortnox. Correct what is wrong, or credit by hand and skip. ${RETRY_EN}`,
    }),
  },
  ORDER_CANCELLED_BEFORE_SYNC: {
    titleSv: 'Ordern makulerades innan den skickades',
    titleEn: 'Order cancelled before it was sent',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Order ${v(p.orderId)} makulerades i Quickbutik innan den skickades till Fortnox, så inget dokument skapas.`,
      en: `Order ${v(p.orderId)} was cancelled in Quickbutik before it was sent to Fortnox, so no document is created.`,
    }),
    fix: () => ({
      sv: 'Inget behöver göras.',
      en: 'Nothing needs to be done.',
    }),
  },
  UNEXPECTED_ERROR: {
    titleSv: 'Oväntat fel',
    titleEn: 'Unexpected error',
    category: 'data',
    retryable: false,
    explain: (p) => ({
      sv: `Något oväntat gick fel${p.detail ? `: ${p.detail}` : ''}.`,
      en: `Something unexpected went wrong${p.detail ? `: ${p.detail}` : ''}.`,
    }),
    fix: () => ({
      sv: 'Försök igen. Kvarstår felet, kontakta supporten med ordernumret.',
      en: 'Retry. If the error remains, contact support with the order number.',
    }),
  },
} satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof catalog;
export const ERROR_CATALOG: Record<ErrorCode, CatalogEntry> = catalog;
export const ERROR_CODES = Object.keys(catalog) as ErrorCode[];

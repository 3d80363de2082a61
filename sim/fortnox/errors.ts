// Fortnox-style errors. The recordings show two key casings for `ErrorInformation`:
// `Error/Message/Code` on "not found" answers (404) and `error/message/code` on request errors (400,
// e.g. an invalid filter). The simulator uses the capitalised form for 404s and the lowercase form otherwise.
import type { JsonObject } from './util';

export type ErrorCasing = 'upper' | 'lower';

export class FortnoxError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly casing: ErrorCasing = 'lower',
  ) {
    super(message);
  }

  body(): JsonObject {
    return this.casing === 'upper'
      ? { ErrorInformation: { Error: 1, Message: this.message, Code: this.code } }
      : { ErrorInformation: { error: 1, message: this.message, code: this.code } };
  }
}

const bad = (code: number, message: string) => new FortnoxError(400, code, message, 'lower');
const missing = (code: number, message: string) => new FortnoxError(404, code, message, 'upper');

/**
 * Codes from Fortnox's documentation and recordings. Codes in the 2999xxx range are the simulator's own:
 * Fortnox documents the failure (e.g. "Kunde inte hitta moms") but no code was confirmed — see README.
 */
export const errors = {
  system: () => new FortnoxError(500, 1000003, 'Ett oväntat fel har inträffat. Försök igen senare.', 'lower'),
  wrongAccept: () => bad(1000030, 'Ogiltig Accept-header. Endast application/json stöds.'),
  wrongContentType: () => bad(1000031, 'Ogiltig Content-Type. Använd application/json.'),
  invalidJson: () => bad(2999010, 'Ogiltig JSON i anropet.'),
  missingRoot: (root: string) => bad(2999011, `Anropet saknar objektet "${root}".`),
  notNumeric: (field: string) => bad(2000108, `Värdet för ${field} måste vara numeriskt.`),
  notBoolean: (field: string) => bad(2000134, `Värdet för ${field} måste vara ett booleskt värde (true/false).`),
  articleNumberChars: () => bad(2000166, 'Artikelnumret innehåller otillåtna tecken.'),
  invalidChars: (field: string) => bad(2000359, `Fältet ${field} innehåller otillåtna tecken.`),
  tooLong: (field: string, max: number) => bad(2999008, `Fältet ${field} får vara högst ${max} tecken långt.`),
  required: (field: string) => bad(2999009, `Fältet ${field} är obligatoriskt.`),
  readOnly: (field: string) => bad(2999006, `Fältet ${field} är skrivskyddat och kan inte sättas.`),
  invalidValue: (field: string, value: string) => bad(2999012, `Ogiltigt värde för ${field}: "${value}".`),
  invalidDate: (field: string) => bad(2999013, `Ogiltigt datum i fältet ${field}. Använd formatet ÅÅÅÅ-MM-DD.`),
  invalidEmail: (field: string) => bad(2999014, `Ogiltig e-postadress i fältet ${field}.`),

  invalidFilter: () => bad(2000587, 'Ett ogiltigt filter har använts.'),
  invalidSort: () => bad(2000865, 'Ett ogiltigt sorteringsfält har använts.'),

  customerNotFound: () => missing(2000433, 'Kan inte hitta kunden.'),
  customerNotFoundOnDocument: (n: string) => bad(2000433, `Kan inte hitta kunden (${n}).`),
  customerNumberUsed: (n: string) => bad(2000637, `Kundnummer ${n} används redan.`),
  articleNotFound: () => missing(2000428, 'Kan inte hitta artikeln.'),
  articleNotFoundOnRow: (n: string) => bad(2001302, `Kunde inte hitta artikel "${n}".`),
  articleNotFoundOnWrite: () => bad(2000428, 'Kan inte hitta artikeln.'),
  articleNumberUsed: (n: string) => bad(2999015, `Artikelnummer ${n} används redan.`),
  invoiceNotFound: () => missing(2000434, 'Kan inte hitta fakturan.'),
  invoiceNotFoundOnWrite: () => bad(2000434, 'Kan inte hitta fakturan.'),
  orderNotFound: () => missing(2000439, 'Kan inte hitta ordern.'),
  termsNotFound: () => missing(2000429, 'Kan inte hitta betalningsvillkoret.'),
  termsNotFoundOnWrite: (code: string) => bad(2000429, `Kan inte hitta betalningsvillkoret (${code}).`),
  unitNotFound: () => missing(2000432, 'Kan inte hitta enheten.'),
  unitNotFoundOnWrite: (code: string) => bad(2000432, `Kan inte hitta enheten (${code}).`),
  accountNotFoundOnRow: (n: string) => bad(2000423, `Kontot ${n} finns inte eller är inaktivt.`),
  accountNotFoundOnCard: (n: string) => bad(2001304, `Kontot ${n} finns inte i kontoplanen.`),
  vatNotFound: (vat: string) => bad(2999001, `Kunde inte hitta moms (${vat}).`),
  customVatNeedsAccount: (vat: string) => bad(2004167, `Momssatsen ${vat} % är ingen svensk momssats: ange konto på raden.`),
  wayOfDeliveryNotFound: (code: string) => bad(2999002, `Kunde inte hitta leveranssätt (${code}).`),
  currencyNotFound: (code: string) => bad(2999003, `Kunde inte hitta valuta (${code}).`),
  costCenterNotFound: (code: string) => bad(2999004, `Kunde inte hitta kostnadsställe (${code}).`),
  modeOfPaymentNotFound: (code: string) => bad(2999005, `Kunde inte hitta betalsätt (${code}).`),
  priceListNotFound: (code: string) => bad(2999007, `Kunde inte hitta prislista (${code}).`),
  resourceNotFound: (what: string) => missing(2999404, `Kan inte hitta ${what}.`),
  alreadyExists: (what: string) => bad(2999016, `${what} finns redan.`),

  lockedPeriod: (until: string) => bad(2000401, `Perioden är låst. Bokföringen är låst till och med ${until}.`),
  alreadyPaid: () => bad(2003055, 'Fakturan är redan betald.'),
  notFinalised: () => bad(2003498, 'Fakturan måste vara färdigställd innan den kan bokföras.'),
  rowWithoutDescription: () =>
    bad(2003977, 'En rad med antal saknar artikel eller benämning.'),
  tooManyRows: () => bad(2999017, 'Ett dokument kan ha högst 500 rader.'),
  documentNumberUsed: (n: string) => bad(2999018, `Dokumentnummer ${n} används redan.`),
  bookedInvoiceLocked: () => bad(2999019, 'Fakturan är bokförd och kan inte ändras.'),
  cancelledDocument: () => bad(2999020, 'Dokumentet är makulerat och kan inte ändras.'),
  alreadyBooked: () => bad(2999021, 'Fakturan är redan bokförd.'),
  cannotCancelBooked: () => bad(2999022, 'En bokförd faktura kan inte makuleras. Kreditera den i stället.'),
  notBookedForCredit: () => bad(2999023, 'Endast bokförda fakturor kan krediteras.'),
  alreadyCredited: () => bad(2999024, 'Fakturan är redan krediterad.'),
  orderAlreadyInvoiced: () => bad(2999025, 'Ordern är redan fakturerad.'),
  paymentBeforeInvoiceDate: () => bad(2999026, 'Betaldatum får inte vara före fakturadatum.'),
  amountCurrencyRequired: () => bad(2999027, 'AmountCurrency måste anges för fakturor i utländsk valuta.'),
  paymentAlreadyBooked: () => bad(2999028, 'Inbetalningen är redan bokförd.'),
  paymentNotFound: () => missing(2999029, 'Kan inte hitta inbetalningen.'),
  stockNotWritable: () =>
    bad(2999030, 'Lagersaldo kan inte ändras på artikeln när Fortnox Lager är aktiverat.'),
  invoicesCannotBeDeleted: () => new FortnoxError(405, 2999031, 'Fakturor kan inte tas bort.', 'lower'),
  fileNotFound: () => missing(2999032, 'Kan inte hitta filen.'),
  fileNotFoundOnWrite: (id: string) => bad(2999032, `Kan inte hitta filen (${id}).`),
  noFileInUpload: () => bad(2999033, 'Ingen fil bifogades (multipart-fältet "file" saknas).'),
  priceNotFound: () => missing(2999034, 'Kan inte hitta priset.'),
  creditExceedsOriginal: (orig: string) => bad(2999035, `Kreditfakturans belopp är större än den krediterade fakturans (${orig}).`),
  creditMustBeNegative: () => bad(2999036, 'En kreditfaktura måste ha negativt belopp.'),
  unknownPath: () => missing(2999404, 'Resursen finns inte.'),
};

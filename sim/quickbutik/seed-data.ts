import type { TaxRate } from './model';

/** Word lists for the demo shop. Plain facts about names and places; nothing here is behaviour. */

export const SWEDISH_FIRST_NAMES = [
  'Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Lena', 'Emma', 'Kerstin', 'Ingrid', 'Malin', 'Sofia', 'Linnéa', 'Maja',
  'Elsa', 'Åsa', 'Ebba', 'Lars', 'Mikael', 'Anders', 'Johan', 'Erik', 'Per', 'Karl', 'Peter', 'Jonas', 'Oskar',
  'Björn', 'Mattias', 'Gustav', 'Nils', 'Axel', 'Örjan', 'Hugo', 'Elias', 'Fredrik', 'Henrik',
];
export const SWEDISH_LAST_NAMES = [
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson',
  'Gustafsson', 'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Jönsson', 'Lindberg', 'Jakobsson',
  'Magnusson', 'Lindström', 'Olofsson', 'Lindqvist', 'Lindgren', 'Berg', 'Axelsson', 'Bergström', 'Lundberg',
  'Lind', 'Lundgren', 'Lundqvist', 'Mattsson', 'Berglund', 'Fredriksson', 'Sandberg', 'Åberg', 'Ström',
];
export const SWEDISH_STREETS = [
  'Storgatan', 'Drottninggatan', 'Kungsgatan', 'Södra Vägen', 'Vasagatan', 'Skolgatan', 'Ringvägen', 'Björkvägen',
  'Parkvägen', 'Järnvägsgatan', 'Tallvägen', 'Östra Hamngatan', 'Linnégatan', 'Allégatan', 'Strandvägen', 'Ängsvägen',
];
/** [city, zip prefix]: Swedish postcodes are "NNN NN". */
export const SWEDISH_CITIES: readonly (readonly [string, string])[] = [
  ['Stockholm', '114'], ['Stockholm', '118'], ['Göteborg', '411'], ['Göteborg', '413'], ['Malmö', '211'],
  ['Uppsala', '753'], ['Västerås', '722'], ['Örebro', '702'], ['Linköping', '582'], ['Helsingborg', '252'],
  ['Jönköping', '553'], ['Norrköping', '602'], ['Lund', '222'], ['Umeå', '903'], ['Gävle', '803'], ['Borås', '503'],
  ['Sundsvall', '852'], ['Karlstad', '652'], ['Växjö', '352'], ['Luleå', '972'], ['Visby', '621'], ['Kiruna', '981'],
];
export const SWEDISH_COMPANY_WORDS = [
  'Nordisk', 'Svea', 'Fjäll', 'Kust', 'Skog', 'Granit', 'Ljus', 'Hav', 'Ek', 'Björk', 'Linné', 'Vasa',
];
export const SWEDISH_COMPANY_KINDS = ['Konsult', 'Design', 'Handel', 'Bygg', 'Café', 'Studio', 'Event', 'Data'];

export interface ForeignCountry {
  country: string;
  eu: boolean;
  firstNames: readonly string[];
  lastNames: readonly string[];
  streets: readonly string[];
  /** [city, zip]. */
  cities: readonly (readonly [string, string])[];
  companySuffix: string;
  phonePrefix: string;
}

export const FOREIGN_COUNTRIES: readonly ForeignCountry[] = [
  {
    country: 'DE', eu: true, firstNames: ['Lukas', 'Anna', 'Felix', 'Marie', 'Jonas'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber'], streets: ['Hauptstraße', 'Bahnhofstraße'],
    cities: [['Berlin', '10115'], ['Hamburg', '20095'], ['München', '80331']], companySuffix: 'GmbH', phonePrefix: '+49',
  },
  {
    country: 'FI', eu: true, firstNames: ['Mikko', 'Aino', 'Juha', 'Laura', 'Ville'],
    lastNames: ['Virtanen', 'Korhonen', 'Nieminen', 'Mäkinen', 'Hämäläinen'], streets: ['Mannerheimintie', 'Aleksanterinkatu'],
    cities: [['Helsinki', '00100'], ['Tampere', '33100'], ['Turku', '20100']], companySuffix: 'Oy', phonePrefix: '+358',
  },
  {
    country: 'DK', eu: true, firstNames: ['Mads', 'Freja', 'Rasmus', 'Ida', 'Søren'],
    lastNames: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen'], streets: ['Strøget', 'Nørrebrogade'],
    cities: [['København', '1050'], ['Aarhus', '8000'], ['Odense', '5000']], companySuffix: 'ApS', phonePrefix: '+45',
  },
  {
    country: 'NL', eu: true, firstNames: ['Daan', 'Sanne', 'Bram', 'Lotte'], lastNames: ['de Vries', 'Jansen', 'Bakker'],
    streets: ['Damrak', 'Kalverstraat'], cities: [['Amsterdam', '1012 AB'], ['Utrecht', '3511 AA']],
    companySuffix: 'B.V.', phonePrefix: '+31',
  },
  {
    country: 'FR', eu: true, firstNames: ['Louis', 'Camille', 'Hugo', 'Léa'], lastNames: ['Martin', 'Bernard', 'Dubois'],
    streets: ['Rue de Rivoli', 'Rue Lafayette'], cities: [['Paris', '75001'], ['Lyon', '69001']],
    companySuffix: 'SARL', phonePrefix: '+33',
  },
  {
    country: 'NO', eu: false, firstNames: ['Ole', 'Ingrid', 'Magnus', 'Nora', 'Håkon'],
    lastNames: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Berg'], streets: ['Karl Johans gate', 'Storgata'],
    cities: [['Oslo', '0150'], ['Bergen', '5003'], ['Trondheim', '7011']], companySuffix: 'AS', phonePrefix: '+47',
  },
  {
    country: 'GB', eu: false, firstNames: ['Oliver', 'Amelia', 'George', 'Isla'], lastNames: ['Smith', 'Jones', 'Taylor'],
    streets: ['High Street', 'Station Road'], cities: [['London', 'SW1A 1AA'], ['Manchester', 'M1 1AE']],
    companySuffix: 'Ltd', phonePrefix: '+44',
  },
  {
    country: 'US', eu: false, firstNames: ['James', 'Emily', 'Michael', 'Olivia'], lastNames: ['Johnson', 'Brown', 'Miller'],
    streets: ['Main Street', 'Oak Avenue'], cities: [['New York, NY', '10001'], ['Seattle, WA', '98101']],
    companySuffix: 'Inc.', phonePrefix: '+1',
  },
];

export type Category = 'clothes' | 'food' | 'books';

export interface ProductTemplate {
  category: Category;
  code: string;
  title: string;
  /** Gross SEK price range. */
  price: readonly [number, number];
  weight: readonly [number, number];
  variants?: 'size' | 'size-colour';
}

export const CATEGORY_TAX: Record<Category, TaxRate> = { clothes: 25, food: 12, books: 6 };
export const CATEGORY_SUPPLIERS: Record<Category, readonly string[]> = {
  clothes: ['Nordic Textil AB', 'Borås Väveri AB', 'Lappland Wear AB'],
  food: ['Kaffekompaniet i Norr AB', 'Skånska Delikatesser AB', 'Gotlands Honung HB'],
  books: ['Bokförlaget Lyktan', 'Förlagshuset Norden AB'],
};

export const PRODUCT_TEMPLATES: readonly ProductTemplate[] = [
  { category: 'clothes', code: 'TS', title: 'T-shirt', price: [199, 349], weight: [150, 250], variants: 'size-colour' },
  { category: 'clothes', code: 'HD', title: 'Hoodie', price: [499, 799], weight: [450, 700], variants: 'size' },
  { category: 'clothes', code: 'JN', title: 'Jeans', price: [599, 999], weight: [500, 800], variants: 'size' },
  { category: 'clothes', code: 'SK', title: 'Strumpor 3-pack', price: [99, 149], weight: [80, 120] },
  { category: 'clothes', code: 'MO', title: 'Mössa', price: [179, 299], weight: [60, 120] },
  { category: 'clothes', code: 'JK', title: 'Jacka', price: [1299, 2499], weight: [900, 1500], variants: 'size' },
  { category: 'clothes', code: 'HS', title: 'Halsduk', price: [249, 449], weight: [120, 220] },
  { category: 'food', code: 'KF', title: 'Kaffe mellanrost 450 g', price: [69, 119], weight: [450, 480] },
  { category: 'food', code: 'TE', title: 'Te Earl Grey', price: [49, 89], weight: [100, 150] },
  { category: 'food', code: 'CH', title: 'Mörk choklad 70 %', price: [35, 65], weight: [100, 120] },
  { category: 'food', code: 'HN', title: 'Gotländsk honung', price: [89, 139], weight: [350, 400] },
  { category: 'food', code: 'KB', title: 'Knäckebröd råg', price: [29, 49], weight: [250, 300] },
  { category: 'food', code: 'SY', title: 'Lingonsylt', price: [45, 69], weight: [400, 450] },
  { category: 'books', code: 'KO', title: 'Kokbok Nordisk vardag', price: [249, 399], weight: [800, 1200] },
  { category: 'books', code: 'RO', title: 'Roman Midsommarnatt', price: [149, 229], weight: [350, 500] },
  { category: 'books', code: 'BB', title: 'Barnbok Lilla Älgen', price: [99, 179], weight: [250, 400] },
  { category: 'books', code: 'DE', title: 'Deckare Dimman över Visby', price: [159, 249], weight: [300, 450] },
];

export const EDITIONS = ['Basic', 'Classic', 'Premium', 'Eko', 'Original', 'Deluxe', 'Vinter', 'Sommar'];
export const SIZES = ['S', 'M', 'L', 'XL'];
export const COLOURS = ['Svart', 'Vit', 'Marinblå', 'Grön'];

export const SHIPPING_OPTIONS = {
  collect: { id: '1', name: 'PostNord MyPack Collect', sek: 59 },
  servicePoint: { id: '2', name: 'DHL Service Point', sek: 69 },
  home: { id: '3', name: 'PostNord MyPack Home', sek: 99 },
  pickup: { id: '4', name: 'Hämta i butik', sek: 0 },
  international: { id: '5', name: 'PostNord International', sek: 149 },
} as const;

export const FREE_SHIPPING_FROM_SEK = 799;

export const ORDER_NOTES = ['', '', '', '', 'Lämna paketet vid dörren.', 'Presentinslagning tack!', 'Ring innan leverans.'];

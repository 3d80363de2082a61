// Fortnox fills `Country` with the Swedish country name when a card gets a `CountryCode` (SE → "Sverige").
export const COUNTRY_NAMES: Record<string, string> = {
  SE: 'Sverige',
  NO: 'Norge',
  DK: 'Danmark',
  FI: 'Finland',
  IS: 'Island',
  DE: 'Tyskland',
  NL: 'Nederländerna',
  BE: 'Belgien',
  FR: 'Frankrike',
  ES: 'Spanien',
  PT: 'Portugal',
  IT: 'Italien',
  AT: 'Österrike',
  CH: 'Schweiz',
  PL: 'Polen',
  EE: 'Estland',
  LV: 'Lettland',
  LT: 'Litauen',
  IE: 'Irland',
  GB: 'Storbritannien',
  US: 'USA',
  CA: 'Kanada',
  AU: 'Australien',
  JP: 'Japan',
  CN: 'Kina',
};

export const EU_COUNTRIES = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

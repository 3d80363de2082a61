import { formatAmountEn, formatAmountSv, stockholmDate, stockholmDateTime } from '../../src/domain/format';

describe('Swedish amounts', () => {
  it.each([
    [428.55, 'SEK', '428,55 kr'],
    [1234.5, 'SEK', '1 234,50 kr'],
    [1234567.891, 'SEK', '1 234 567,89 kr'], // .891 rounds half away from zero to .89
    [0, 'SEK', '0,00 kr'],
    [1000, 'sek', '1 000,00 kr'],
    [99.995, 'EUR', '100,00 EUR'], // 9999.5 öre → 10000 öre
    [-1234.5, 'SEK', '−1 234,50 kr'],
  ])('%p %s → %s', (amount, currency, expected) => {
    expect(formatAmountSv(amount, currency)).toBe(expected);
  });

  it('English for support', () => {
    expect(formatAmountEn(1234.5, 'SEK')).toBe('1,234.50 SEK');
    expect(formatAmountEn(-0.5, 'EUR')).toBe('-0.50 EUR');
  });
});

describe('Stockholm time', () => {
  it('winter is UTC+1, summer UTC+2', () => {
    expect(stockholmDateTime(new Date('2026-12-03T13:05:00Z'))).toBe('2026-12-03 14:05');
    expect(stockholmDateTime(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02 00:30');
    expect(stockholmDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

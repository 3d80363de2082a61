// Fortnox-safe text and article numbers.
import { isValidArticleNumber, sanitizeText } from '../../src/domain';

describe('sanitizeText', () => {
  it.each([
    ['straight apostrophe becomes the typographic one', "O'Brien", 'O’Brien'],
    ['Swedish and other Latin letters are kept', 'Åsa Öberg, Müller & Ødegård — Crème', 'Åsa Öberg, Müller & Ødegård - Crème'],
    ['double quote becomes two typographic apostrophes', 'Skruv 1/2"', 'Skruv 1/2’’'],
    ['typographic double quotes likewise', '„Bästa” «kaffe»', '’’Bästa’’ ’’kaffe’’'],
    ['angle, square and curly brackets become parentheses', '<b>[XL]{x}</b>', '(b)(XL)(x)(/b)'],
    ['tilde and pipe become - and /', 'ca~10 | st', 'ca-10 / st'],
    ['emoji are dropped (incl. ZWJ sequences and flags)', 'Kaffe ☕️ 👨‍👩‍👧 🇸🇪!', 'Kaffe !'],
    ['whitespace collapses and is trimmed', '  två\n rader\t ', 'två rader'],
    ['null becomes empty', null, ''],
  ])('%s', (_rule, input, expected) => expect(sanitizeText(input, 100)).toBe(expected));

  it('cuts to maxLen characters without splitting a letter', () => {
    expect(sanitizeText('åäöåäö', 4)).toBe('åäöå');
    expect(sanitizeText('ab cd', 3)).toBe('ab');
  });
  it('produces nothing Fortnox rejects', () => {
    expect(sanitizeText('"<>[]{}~|\'😀', 100)).not.toMatch(/["<>[\]{}~|']/);
  });
});

describe('isValidArticleNumber', () => {
  it.each([
    ['TSHIRT-RM', true],
    ['abc_123+x/y', true],
    ['A'.repeat(50), true],
    ['A'.repeat(51), false],
    ['', false],
    ['TRÖJA', false],
    ['A 1', false],
    ['A,1', false],
    ['A.1', false],
    ['A#1', false],
    [null, false],
  ])('%p → %p', (sku, valid) => expect(isValidArticleNumber(sku)).toBe(valid));
});

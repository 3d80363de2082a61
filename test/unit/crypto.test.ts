import { SecretBox, safeEqual } from '../../src/crypto';

describe('secrets at rest', () => {
  const box = new SecretBox('11'.repeat(32));
  it('round-trips and never stores the plain text', () => {
    const sealed = box.seal('refresh-token-123');
    expect(sealed).not.toContain('refresh-token-123');
    expect(box.open(sealed)).toBe('refresh-token-123');
    expect(box.seal('x')).not.toBe(box.seal('x')); // random IV
  });
  it('detects tampering and the wrong key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('other').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow();
    expect(() => new SecretBox('22'.repeat(32)).open(sealed)).toThrow();
  });
  it('compares in constant time', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

import { normalizeEmail } from './normalize-email';

describe('normalizeEmail', () => {
  it('lower-cases an ASCII local part and the domain', () => {
    expect(normalizeEmail('Kim@Example.com')).toBe('kim@example.com');
    expect(normalizeEmail('KIM.Lee+Tag@EXAMPLE.COM')).toBe('kim.lee+tag@example.com');
    expect(normalizeEmail('kim@example.com')).toBe(normalizeEmail('KIM@example.COM'));
  });

  it('keeps a non-ASCII local part exactly (no accent stripping, no case folding), in NFC', () => {
    expect(normalizeEmail('abusé@x.com')).toBe('abusé@x.com');
    expect(normalizeEmail('abusé@x.com')).not.toBe(normalizeEmail('abuse@x.com'));
    expect(normalizeEmail('Abusé@x.com')).not.toBe(normalizeEmail('abusé@x.com'));
    expect(normalizeEmail('Abusé@X.com')).toBe('Abusé@x.com');
    // composed é (U+00E9) and e + combining acute (U+0301) are one address
    expect(normalizeEmail('abus\u00e9@x.com')).toBe(normalizeEmail('abuse\u0301@x.com'));
    expect(normalizeEmail('김@example.com')).toBe('김@example.com');
  });

  it('puts an internationalized domain in its IDNA ASCII form, so both spellings are one domain', () => {
    expect(normalizeEmail('kim@MÜNCHEN.de')).toBe('kim@xn--mnchen-3ya.de');
    expect(normalizeEmail('kim@münchen.de')).toBe(normalizeEmail('kim@xn--mnchen-3ya.de'));
    expect(normalizeEmail('kim@straße.de')).not.toBe(normalizeEmail('kim@strasse.de'));
  });

  it('splits at the last @ (a quoted local part may hold one) and keeps quotes', () => {
    expect(normalizeEmail('"A@B"@Example.com')).toBe('"a@b"@example.com');
    expect(normalizeEmail('"Kim"@example.com')).not.toBe(normalizeEmail('kim@example.com'));
  });
});

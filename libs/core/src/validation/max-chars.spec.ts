import { validateSync } from 'class-validator';
import { MaxChars } from './max-chars';

class Dto {
  @MaxChars(3) name: string;
}

const check = (name: string) => validateSync(Object.assign(new Dto(), { name })).length === 0;

describe('MaxChars', () => {
  it('counts code points like MySQL utf8mb4', () => {
    expect(check('abc')).toBe(true);
    expect(check('abcd')).toBe(false);
    expect(check('😀😀😀')).toBe(true);
    expect(check('❤️❤️')).toBe(false); // 4 code points: two hearts and two U+FE0F selectors
  });
});

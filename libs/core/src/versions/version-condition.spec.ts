import { acceptedVersions, satisfiesVersion } from './version-condition';

describe('VersionCondition', () => {
  it('no condition and * accept any existing version', () => {
    expect(satisfiesVersion(undefined, 3)).toBe(true);
    expect(satisfiesVersion({ any: true }, 3)).toBe(true);
    expect(acceptedVersions(undefined)).toBeUndefined();
    expect(acceptedVersions({ any: true })).toBeUndefined();
  });

  it('a list accepts exactly its versions; an empty list accepts none', () => {
    expect(satisfiesVersion({ oneOf: [2, 3] }, 3)).toBe(true);
    expect(satisfiesVersion({ oneOf: [2, 4] }, 3)).toBe(false);
    expect(satisfiesVersion({ oneOf: [] }, 3)).toBe(false);
    expect(acceptedVersions({ oneOf: [2, 4] })).toEqual([2, 4]);
  });
});

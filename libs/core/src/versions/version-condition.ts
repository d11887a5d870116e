/**
 * What a conditional write (If-Match) requires of the entity's current version: `{ any: true }` only that the
 * entity exists (`If-Match: *`), `{ oneOf }` that its version is one of these. An empty `oneOf` can never be met
 * (the header named only weak tags, which never match a strong comparison, or tags that are no version).
 */
export type VersionCondition = { readonly any: true } | { readonly oneOf: readonly number[] };

/** Whether an existing entity at `version` meets `condition` (no condition: always). */
export function satisfiesVersion(condition: VersionCondition | undefined, version: number): boolean {
  return condition === undefined || 'any' in condition || condition.oneOf.includes(version);
}

/** The versions a condition accepts, or undefined for any version. */
export function acceptedVersions(condition: VersionCondition | undefined): readonly number[] | undefined {
  return condition === undefined || 'any' in condition ? undefined : condition.oneOf;
}

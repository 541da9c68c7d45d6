// `-o name` output: `kind[.group]/name` per object, as cli-runtime's NamePrinter writes it.
import type { GoMap } from '../go/value.js';
import { nestedString } from '../go/value.js';

export class MissingKindError extends Error {
  constructor() {
    super(
      'missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type',
    );
    this.name = 'MissingKindError';
  }
}

/** The group part of an apiVersion (`apps/v1` -> `apps`, `v1` -> core ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** One line for one object. Throws MissingKindError when the object has neither apiVersion nor kind. */
export function nameLine(obj: GoMap): string {
  const apiVersion = nestedString(obj, 'apiVersion');
  const rawKind = nestedString(obj, 'kind');
  if (apiVersion === '' && rawKind === '') throw new MissingKindError();
  const kind = rawKind === '' ? '<unknown>' : rawKind;
  const name = nestedString(obj, 'metadata', 'name') || '<unknown>';
  const group = groupOf(apiVersion);
  return group === ''
    ? `${kind.toLowerCase()}/${name}\n`
    : `${kind.toLowerCase()}.${group}/${name}\n`;
}

/** Lines for a list's items (kubectl's name printer walks list items). */
export function printNames(objects: GoMap[]): string {
  return objects.map(nameLine).join('');
}

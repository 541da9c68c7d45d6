// Formatting helpers shared by the table printers: labels, label selectors, container lists.
import type { Container, LabelSelector } from '../types.js';

/** labels.FormatLabels: "k=v" pairs sorted by key, or "<none>". */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The String() of the selector metav1.LabelSelectorAsSelector builds: requirements sorted by key,
 * set values sorted. A missing selector selects nothing and prints as "".
 */
export function labelSelectorString(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])].sort(byteOrder);
    const text =
      expr.operator === 'In'
        ? `${expr.key} in (${values.join(',')})`
        : expr.operator === 'NotIn'
          ? `${expr.key} notin (${values.join(',')})`
          : expr.operator === 'Exists'
            ? expr.key
            : expr.operator === 'DoesNotExist'
              ? `!${expr.key}`
              : '<error>';
    requirements.push({ key: expr.key, text });
  }
  return requirements
    .sort((a, b) => byteOrder(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: like labelSelectorString, with "<none>" for an empty result. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = labelSelectorString(selector);
  return text === '' ? '<none>' : text;
}

/** layoutContainerCells: container names and images, each joined by commas. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

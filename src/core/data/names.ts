/** Column names as every reader gives them: trimmed, unique, none empty. */
import { quote } from './errors';

/** Trims names, names empty ones after their position, and renames duplicates `a`, `a_2`, `a_3`. */
export function uniqueNames(raw: string[], warnings: string[]): string[] {
  const names = raw.map((n, i) => n.trim() || `column_${i + 1}`);
  const empty = raw.filter((n) => n.trim() === '').length;
  if (empty > 0) warnings.push(`${empty} column(s) had no name and were named by position (column_N).`);
  const taken = new Set(names); // so a renamed `a_2` cannot clash with a real `a_2` column
  const seen = new Set<string>();
  const renamed: string[] = [];
  const out = names.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    let k = 2;
    while (taken.has(`${name}_${k}`)) k++;
    const fresh = `${name}_${k}`;
    taken.add(fresh);
    renamed.push(`${quote(name)} → ${quote(fresh)}`);
    return fresh;
  });
  if (renamed.length > 0) warnings.push(`Duplicate column names were renamed: ${renamed.join(', ')}.`);
  return out;
}

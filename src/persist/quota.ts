/** Storage errors the analyst can do something about. */

/** The browser refused a write because the origin's storage quota is used up. */
export function isQuotaError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { name?: unknown; code?: unknown; message?: unknown; inner?: unknown };
  if (err.name === 'QuotaExceededError' || err.code === 22 || err.code === 1014) return true;
  return typeof err.message === 'string' && /quota/i.test(err.message);
}

/** Used and available bytes for this origin, when the browser says. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  try {
    const e = await navigator.storage?.estimate?.();
    return e && e.usage != null && e.quota != null ? { usage: e.usage, quota: e.quota } : null;
  } catch {
    return null;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

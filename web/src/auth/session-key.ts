const STORAGE_KEY = 'kanta.adminKey';

/** The admin key lives in sessionStorage: this tab only, gone when it closes. */
export function readSessionKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function writeSessionKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function clearSessionKey(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

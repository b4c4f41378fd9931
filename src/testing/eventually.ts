/** Polls `check` every `pollMs` until it returns true, at most `ms`; fails with `what` otherwise. */
export async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000, pollMs = 25): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`waited ${ms} ms: ${what}`);
}

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const NAMES = ['Page Viewed', 'Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Search Performed', 'Signed In', 'Feature Used'];
const PATHS = ['/pricing', '/products/kanta-crm', '/docs/getting-started', '/blog/customer-lifecycle', '/checkout', '/account/settings', '/search', '/'];
const REFERRERS = ['https://www.google.com/', 'https://duckduckgo.com/', 'https://www.linkedin.com/feed/', 'https://news.ycombinator.com/', ''];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];

export const EVENTS_CSV_HEADER =
  'name,occurred_at,user_id,message_id,properties.path,properties.referrer,properties.plan,properties.value,properties.user_agent';

/**
 * Writes an events CSV of about `bytes` bytes (header plus tracked events of `users` users over
 * 2024, message ids given, five property columns: about 250 bytes a row) in 8 MB writes, so the
 * generator itself stays small. Deterministic (a fixed pseudo-random sequence).
 */
export async function writeEventsCsv(path: string, bytes: number, users = 200_000): Promise<{ rows: number; bytes: number }> {
  const out = createWriteStream(path);
  let seed = 12345;
  // mulberry32: small, fast, and its values are spread over the whole range.
  const next = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const start = Date.UTC(2024, 0, 1);
  let written = 0;
  let rows = 0;
  let chunk = `${EVENTS_CSV_HEADER}\n`;
  while (written + chunk.length < bytes) {
    const at = new Date(start + Math.floor((rows / 20_000) * 3_600_000) + next(3_600_000)).toISOString();
    const value = next(4) === 0 ? (next(50_000) / 100).toFixed(2) : '';
    const agent = AGENTS[next(AGENTS.length)]!;
    chunk += `${NAMES[next(NAMES.length)]},${at},user-${String(next(users)).padStart(6, '0')},evt-${String(rows).padStart(10, '0')},${PATHS[next(PATHS.length)]},${REFERRERS[next(REFERRERS.length)]},${PLANS[next(PLANS.length)]},${value},"${agent}"\n`;
    rows++;
    if (chunk.length >= 8 * 1024 * 1024) {
      written += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  written += chunk.length;
  out.end(chunk);
  await once(out, 'finish');
  return { rows, bytes: written };
}

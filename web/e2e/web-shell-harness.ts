import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/database.js';
import { buildServer } from '../../src/http/build-server.js';
import { openTestDatabase } from '../../src/testing/test-database.js';
import { bootstrapWorkspace, type BootstrappedWorkspace } from '../../src/workspaces/bootstrap-workspace.js';

const WEB_INDEX = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium, found on PATH; the browser tests cannot run without it. */
export function chromiumPath(): string {
  try {
    const path = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    if (path) return path;
  } catch {
    // not on PATH
  }
  throw new Error('The browser tests need Chromium, and `which chromium` found none: install it (sudo apt-get install -y chromium) and run again.');
}

export interface WebShell {
  db: Database;
  ws: BootstrappedWorkspace;
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * The real server (built web app included) on 127.0.0.1, a fresh PGlite database with a
 * workspace, and a fresh Chromium profile whose preferred language is `locale`.
 */
export async function startWebShell(locale: string): Promise<WebShell> {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`The web app is not built (${WEB_INDEX} is missing): run \`npx vite build --config web/vite.config.ts\` (npm test does it first).`);
  }
  const executablePath = chromiumPath();
  const db = await openTestDatabase('pglite');
  let app: FastifyInstance | undefined;
  let context: BrowserContext | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'kanta-chromium-'));
  try {
    const ws = await bootstrapWorkspace(db, { slug: 'web', name: 'Nokkela demo' });
    app = await buildServer({ config: { logLevel: 'silent' }, db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      locale,
      viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const started = { app, context };
    return {
      db,
      ws,
      baseUrl: `http://127.0.0.1:${port}`,
      context,
      page,
      async close() {
        await started.context.close();
        await started.app.close();
        await db.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await app?.close();
    await db.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** Signs in through the form and waits for the account list. */
export async function signIn(page: Page, baseUrl: string, key: string, labels: { key: string; submit: string; heading: string }) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(labels.key).fill(key);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: labels.heading }).waitFor();
}

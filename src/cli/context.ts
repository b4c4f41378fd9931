import { loadConfig, type Config, type ConfigOverrides } from '../config/load-config.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';

/** Options every command accepts. */
export interface GlobalOptions {
  dataDir?: string;
  databaseUrl?: string;
  json?: boolean;
}

export function configFrom(opts: GlobalOptions, extra: ConfigOverrides = {}): Config {
  return loadConfig(process.env, {
    ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
    ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}),
    ...extra,
  });
}

/** Opens and migrates the configured database, runs fn, and always closes it. */
export async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

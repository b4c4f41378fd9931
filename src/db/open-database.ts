import type { Config } from '../config/load-config.js';
import type { Database } from './database.js';
import { openPglite } from './open-pglite.js';
import { openPostgres } from './open-postgres.js';

/** Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in the data directory. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'poolSize'>): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.poolSize);
  return openPglite({ dataDir: config.dataDir });
}

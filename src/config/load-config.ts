import { resolve } from 'node:path';
import { AppError } from '../errors/app-error.js';

/**
 * Kanta's configuration, parsed and validated once at start-up.
 * Nothing else in the code base reads process.env: everything receives a Config.
 */
export interface Config {
  /** Directory of the embedded PGlite database (used when databaseUrl is absent). */
  dataDir: string;
  /** A PostgreSQL connection string; when set, Kanta uses a real server through `pg`. */
  databaseUrl: string | null;
  host: string;
  port: number;
  /** Load the demo company into an empty database on first start. */
  demoOnFirstStart: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Connection pool size for PostgreSQL. */
  poolSize: number;
  /** Run the recompute worker in `kanta serve` (segments and stages follow the data). */
  recomputeWorker: boolean;
  /** Pause between drains of the recompute queue, in ms. */
  recomputeIntervalMs: number;
  /** How often time-dependent segments and transitions are re-evaluated, in ms (0 = never). */
  recomputeScheduleMs: number;
  /** Subjects claimed from the recompute queue per drain. */
  recomputeDrainLimit: number;
  /**
   * Drains of the recompute queue run at once, each on its own connection (PostgreSQL only; PGlite
   * has one). Default 2: at 1M accounts, where a drain waits on reads from disk, two at once took
   * 1,000 events/s with changes 4.8-5.4 s late (p99) where one fell behind (20-27 s and growing);
   * three or four did worse than two on 2 cores. Where the data fits in memory one may be steadier:
   * at 100k accounts one drain gave p99 398-550 ms in four runs, two 456-3,829 ms (two of four
   * over 1 s), so set 1 there.
   */
  recomputeDrains: number;
  /** Subjects per batch of a whole-workspace recompute in the worker (null: 2,000 on PGlite, whose one connection a batch holds; 20,000 on PostgreSQL). */
  recomputeBatchSize: number | null;
  /**
   * Vacuum and analyse tables in `kanta serve` where no autovacuum does, every this many ms
   * (0 = never): PGlite always; a PostgreSQL server only with maintenanceOnPostgres.
   */
  maintenanceIntervalMs: number;
  /** Run that loop on PostgreSQL too, even where the server's autovacuum is on. */
  maintenanceOnPostgres: boolean;
  /** SMTP server for care emails (smtp:// or smtps:// URL); null: mail lands in the outbox. */
  smtpUrl: string | null;
  /** Base URL of this server in links that messages carry (unsubscribe, surveys). */
  publicUrl: string;
  /** Run the care worker in `kanta serve` (scheduled care actions run in this process). */
  careWorker: boolean;
  /** Pause between care worker ticks (trigger scan, date triggers, due actions), in ms. */
  careIntervalMs: number;
  /** Care actions executed at once by one worker process (its SMTP connections, up to 32). */
  careConcurrency: number;
  /** Due care actions one claim takes (a batch: its emails share a handful of statements); two batches run at once. */
  careBatchSize: number;
  /** How long a claimed care action stays leased to its worker before another may take it over, in ms. */
  careLeaseMs: number;
}

export type ConfigOverrides = Partial<Config>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parseIntStrict(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new AppError('bad_request', `${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new AppError('bad_request', `${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function parseBool(name: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new AppError('bad_request', `${name} must be true or false, got "${raw}"`);
}

/** Builds the configuration from an environment (process.env at the entry point) and explicit overrides (CLI flags). */
export function loadConfig(env: Record<string, string | undefined>, overrides: ConfigOverrides = {}): Config {
  const databaseUrl = overrides.databaseUrl !== undefined ? overrides.databaseUrl : env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new AppError('bad_request', `DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl}"`);
  }
  const logLevel = (overrides.logLevel ?? env.KANTA_LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new AppError('bad_request', `KANTA_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return {
    dataDir: resolve(overrides.dataDir ?? env.KANTA_DATA_DIR ?? '.kanta'),
    databaseUrl,
    host: overrides.host ?? env.KANTA_HOST ?? '127.0.0.1',
    port: overrides.port ?? (env.PORT !== undefined ? parseIntStrict('PORT', env.PORT, 0, 65535) : 4400),
    demoOnFirstStart: overrides.demoOnFirstStart ?? (env.KANTA_DEMO !== undefined ? parseBool('KANTA_DEMO', env.KANTA_DEMO) : true),
    logLevel,
    poolSize: overrides.poolSize ?? (env.KANTA_POOL_SIZE !== undefined ? parseIntStrict('KANTA_POOL_SIZE', env.KANTA_POOL_SIZE, 1, 200) : 10),
    recomputeWorker: overrides.recomputeWorker ?? (env.KANTA_RECOMPUTE_WORKER !== undefined ? parseBool('KANTA_RECOMPUTE_WORKER', env.KANTA_RECOMPUTE_WORKER) : true),
    recomputeIntervalMs:
      overrides.recomputeIntervalMs ??
      (env.KANTA_RECOMPUTE_INTERVAL_MS !== undefined ? parseIntStrict('KANTA_RECOMPUTE_INTERVAL_MS', env.KANTA_RECOMPUTE_INTERVAL_MS, 10, 3_600_000) : 150),
    recomputeScheduleMs:
      overrides.recomputeScheduleMs ??
      (env.KANTA_RECOMPUTE_SCHEDULE_MS !== undefined ? parseIntStrict('KANTA_RECOMPUTE_SCHEDULE_MS', env.KANTA_RECOMPUTE_SCHEDULE_MS, 0, 86_400_000) : 3_600_000),
    recomputeDrainLimit:
      overrides.recomputeDrainLimit ??
      (env.KANTA_RECOMPUTE_DRAIN_LIMIT !== undefined ? parseIntStrict('KANTA_RECOMPUTE_DRAIN_LIMIT', env.KANTA_RECOMPUTE_DRAIN_LIMIT, 1, 100_000) : 5_000),
    recomputeDrains:
      overrides.recomputeDrains ?? (env.KANTA_RECOMPUTE_DRAINS !== undefined ? parseIntStrict('KANTA_RECOMPUTE_DRAINS', env.KANTA_RECOMPUTE_DRAINS, 1, 8) : 2),
    recomputeBatchSize:
      overrides.recomputeBatchSize ??
      (env.KANTA_RECOMPUTE_BATCH_SIZE !== undefined ? parseIntStrict('KANTA_RECOMPUTE_BATCH_SIZE', env.KANTA_RECOMPUTE_BATCH_SIZE, 100, 1_000_000) : null),
    maintenanceIntervalMs:
      overrides.maintenanceIntervalMs ??
      (env.KANTA_MAINTENANCE_INTERVAL_MS !== undefined ? parseIntStrict('KANTA_MAINTENANCE_INTERVAL_MS', env.KANTA_MAINTENANCE_INTERVAL_MS, 0, 86_400_000) : 60_000),
    maintenanceOnPostgres:
      overrides.maintenanceOnPostgres ?? (env.KANTA_MAINTENANCE_ON_POSTGRES !== undefined ? parseBool('KANTA_MAINTENANCE_ON_POSTGRES', env.KANTA_MAINTENANCE_ON_POSTGRES) : false),
    ...careConfig(env, overrides),
  };
}

/** The care engine's keys: SMTP, links, and the worker's pace. */
function careConfig(env: Record<string, string | undefined>, overrides: ConfigOverrides): Pick<Config, 'smtpUrl' | 'publicUrl' | 'careWorker' | 'careIntervalMs' | 'careConcurrency' | 'careBatchSize' | 'careLeaseMs'> {
  const smtpUrl = overrides.smtpUrl !== undefined ? overrides.smtpUrl : env.KANTA_SMTP_URL?.trim() || null;
  if (smtpUrl !== null && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new AppError('bad_request', `KANTA_SMTP_URL must start with smtp:// or smtps://, got "${smtpUrl}"`);
  }
  const publicUrl = (overrides.publicUrl ?? env.KANTA_PUBLIC_URL?.trim()) || null;
  if (publicUrl !== null && !/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    throw new AppError('bad_request', `KANTA_PUBLIC_URL must be an http:// or https:// URL, got "${publicUrl}"`);
  }
  const host = overrides.host ?? env.KANTA_HOST ?? '127.0.0.1';
  const port = overrides.port ?? (env.PORT !== undefined ? parseIntStrict('PORT', env.PORT, 0, 65535) : 4400);
  return {
    smtpUrl,
    publicUrl: (publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, ''),
    careWorker: overrides.careWorker ?? (env.KANTA_CARE_WORKER !== undefined ? parseBool('KANTA_CARE_WORKER', env.KANTA_CARE_WORKER) : true),
    careIntervalMs:
      overrides.careIntervalMs ?? (env.KANTA_CARE_INTERVAL_MS !== undefined ? parseIntStrict('KANTA_CARE_INTERVAL_MS', env.KANTA_CARE_INTERVAL_MS, 10, 3_600_000) : 250),
    careConcurrency:
      overrides.careConcurrency ?? (env.KANTA_CARE_CONCURRENCY !== undefined ? parseIntStrict('KANTA_CARE_CONCURRENCY', env.KANTA_CARE_CONCURRENCY, 1, 256) : 16),
    careBatchSize:
      overrides.careBatchSize ?? (env.KANTA_CARE_BATCH_SIZE !== undefined ? parseIntStrict('KANTA_CARE_BATCH_SIZE', env.KANTA_CARE_BATCH_SIZE, 1, 1000) : 64),
    careLeaseMs: overrides.careLeaseMs ?? (env.KANTA_CARE_LEASE_MS !== undefined ? parseIntStrict('KANTA_CARE_LEASE_MS', env.KANTA_CARE_LEASE_MS, 1_000, 3_600_000) : 120_000),
  };
}

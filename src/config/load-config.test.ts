import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

describe('loadConfig: table maintenance', () => {
  it('vacuums every minute on the embedded database by default, and not on PostgreSQL', () => {
    const c = loadConfig({});
    expect(c.maintenanceIntervalMs).toBe(60_000);
    expect(c.maintenanceOnPostgres).toBe(false);
  });

  it('reads both keys', () => {
    const c = loadConfig({ KANTA_MAINTENANCE_INTERVAL_MS: '0', KANTA_MAINTENANCE_ON_POSTGRES: 'yes' });
    expect(c.maintenanceIntervalMs).toBe(0);
    expect(c.maintenanceOnPostgres).toBe(true);
  });

  it('names the key and the value it refuses', () => {
    expect(() => loadConfig({ KANTA_MAINTENANCE_INTERVAL_MS: '1m' })).toThrow('KANTA_MAINTENANCE_INTERVAL_MS must be a whole number, got "1m"');
    expect(() => loadConfig({ KANTA_MAINTENANCE_INTERVAL_MS: '90000000' })).toThrow('KANTA_MAINTENANCE_INTERVAL_MS must be between 0 and 86400000, got 90000000');
    expect(() => loadConfig({ KANTA_MAINTENANCE_ON_POSTGRES: 'maybe' })).toThrow('KANTA_MAINTENANCE_ON_POSTGRES must be true or false, got "maybe"');
  });
});

describe('loadConfig: recompute drains', () => {
  it('runs two drains at once by default, and reads the key within 1 to 8', () => {
    expect(loadConfig({}).recomputeDrains).toBe(2);
    expect(loadConfig({ KANTA_RECOMPUTE_DRAINS: '1' }).recomputeDrains).toBe(1);
    expect(() => loadConfig({ KANTA_RECOMPUTE_DRAINS: '0' })).toThrow('KANTA_RECOMPUTE_DRAINS must be between 1 and 8, got 0');
    expect(() => loadConfig({ KANTA_RECOMPUTE_DRAINS: 'two' })).toThrow('KANTA_RECOMPUTE_DRAINS must be a whole number, got "two"');
  });
});

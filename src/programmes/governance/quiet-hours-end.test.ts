import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from './quiet-hours-end.js';

describe('quietHoursEnd', () => {
  it('ends quiet hours that span midnight at the next local end time', () => {
    // 22:30 in Helsinki (EET, +2) -> 08:00 next morning = 06:00Z.
    expect(quietHoursEnd(new Date('2026-01-14T20:30:00Z'), 'Europe/Helsinki', '21:00', '08:00')).toEqual(new Date('2026-01-15T06:00:00Z'));
    // 03:00 in Helsinki -> 08:00 the same day.
    expect(quietHoursEnd(new Date('2026-01-15T01:00:00Z'), 'Europe/Helsinki', '21:00', '08:00')).toEqual(new Date('2026-01-15T06:00:00Z'));
    // Noon is not quiet; nor is the end minute itself.
    expect(quietHoursEnd(new Date('2026-01-15T10:00:00Z'), 'Europe/Helsinki', '21:00', '08:00')).toBeNull();
    expect(quietHoursEnd(new Date('2026-01-15T06:00:00Z'), 'Europe/Helsinki', '21:00', '08:00')).toBeNull();
  });

  it('handles quiet hours within one day and equal start and end (none)', () => {
    expect(quietHoursEnd(new Date('2026-06-10T12:30:00Z'), 'UTC', '12:00', '13:00')).toEqual(new Date('2026-06-10T13:00:00Z'));
    expect(quietHoursEnd(new Date('2026-06-10T12:30:00Z'), 'UTC', '00:00', '00:00')).toBeNull();
  });

  it('follows daylight saving time: the night the clocks go forward in Helsinki (29 March 2026)', () => {
    // 23:00 EET on 28 March = 21:00Z; 08:00 EEST on 29 March = 05:00Z (not 06:00Z).
    expect(quietHoursEnd(new Date('2026-03-28T21:00:00Z'), 'Europe/Helsinki', '21:00', '08:00')).toEqual(new Date('2026-03-29T05:00:00Z'));
    // New York: 23:00 EDT on 31 October... clocks go back 1 November 2026; 08:00 EST = 13:00Z.
    expect(quietHoursEnd(new Date('2026-11-01T03:00:00Z'), 'America/New_York', '21:00', '08:00')).toEqual(new Date('2026-11-01T13:00:00Z'));
  });

  it('always returns an instant after now, within a day, when it is quiet', () => {
    const zones = ['Europe/Helsinki', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), fc.constantFrom(...zones), (t, zone) => {
        const now = new Date(t);
        const end = quietHoursEnd(now, zone, '21:00', '08:00');
        if (end === null) return;
        expect(end.getTime()).toBeGreaterThan(now.getTime());
        expect(end.getTime() - now.getTime()).toBeLessThanOrEqual(11 * 3_600_000 + 3_600_000);
        // At the end it is no longer quiet.
        expect(quietHoursEnd(end, zone, '21:00', '08:00')).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { CareSettings } from '../api/care-settings';
import { draftToPatch, newCap, settingsToDraft } from './settings-draft';
import { hasIssue, issuesByPath } from './issues-by-path';

const settings: CareSettings = {
  sender_name: 'Nokkela',
  sender_address: 'asiakkaat@nokkela.fi',
  reply_to: null,
  default_locale: 'fi',
  default_timezone: 'Europe/Helsinki',
  quiet_start: '21:00',
  quiet_end: '08:00',
  frequency_caps: [{ channel: 'email', purpose: 'marketing', max: 2, per_days: 7 }],
  allow_private_webhooks: false,
  updated_at: '2026-11-01T10:00:00.000Z',
};

describe('care settings draft', () => {
  it('goes back to the same settings unchanged', () => {
    const { updated_at: _, ...rest } = settings;
    expect(draftToPatch(settingsToDraft(settings))).toEqual(rest);
  });

  it('sends an empty reply-to as none and numbers as typed when they are not whole numbers', () => {
    const draft = { ...settingsToDraft(settings), replyTo: '  ', caps: [{ purpose: 'service' as const, max: ' 4 ', perDays: 'week' }] };
    const patch = draftToPatch(draft);
    expect(patch.reply_to).toBeNull();
    expect(patch.frequency_caps).toEqual([{ channel: 'email', purpose: 'service', max: 4, per_days: 'week' }]);
  });

  it('offers a cap for a purpose not capped yet', () => {
    expect(newCap(settingsToDraft(settings).caps, ['marketing', 'service', 'survey']).purpose).toBe('service');
    expect(newCap([], ['marketing', 'service']).purpose).toBe('marketing');
  });
});

describe('issues by path', () => {
  it('makes Fastify paths plain and finds issues below a field', () => {
    const issues = issuesByPath([
      { path: '/quiet_start', message: 'must be a time HH:MM (24-hour clock)' },
      { path: 'body/frequency_caps/1/max', message: 'must be a whole number, 0-1000' },
    ]);
    expect(issues.byPath.get('/quiet_start')).toEqual(['must be a time HH:MM (24-hour clock)']);
    expect(hasIssue(issues, '/frequency_caps/1')).toBe(true);
    expect(hasIssue(issues, '/frequency_caps/0')).toBe(false);
    expect(hasIssue(issues, '/quiet_end')).toBe(false);
  });
});

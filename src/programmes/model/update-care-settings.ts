import type { Database } from '../../db/database.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { MESSAGE_PURPOSES } from './care-element.js';
import { CARE_SETTINGS_COLUMNS, type CareSettings, type FrequencyCap } from './care-settings.js';

export type UpdateCareSettingsInput = Partial<Omit<CareSettings, 'updated_at'>>;

const EMAIL = /^[^\s@<>",]+@[^\s@<>",]+\.[^\s@<>",]+$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const FIELDS = ['sender_name', 'sender_address', 'reply_to', 'default_locale', 'default_timezone', 'quiet_start', 'quiet_end', 'frequency_caps', 'allow_private_webhooks'] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function checkCaps(caps: unknown, issues: FieldIssue[]): void {
  if (!Array.isArray(caps) || caps.length > 20) {
    issues.push({ path: '/frequency_caps', message: 'must be an array of at most 20 caps' });
    return;
  }
  const seen = new Map<string, number>();
  caps.forEach((cap: Partial<FrequencyCap>, i) => {
    const at = `/frequency_caps/${i}`;
    if (typeof cap !== 'object' || cap === null || Array.isArray(cap)) return void issues.push({ path: at, message: 'must be an object { channel, purpose, max, per_days }' });
    for (const k of Object.keys(cap)) if (!['channel', 'purpose', 'max', 'per_days'].includes(k)) issues.push({ path: `${at}/${k}`, message: 'is not a known field (known: channel, purpose, max, per_days)' });
    if (cap.channel !== 'email') issues.push({ path: `${at}/channel`, message: 'must be email' });
    if (!MESSAGE_PURPOSES.includes(cap.purpose as never)) issues.push({ path: `${at}/purpose`, message: `must be one of ${MESSAGE_PURPOSES.join(', ')}` });
    if (!Number.isInteger(cap.max) || (cap.max as number) < 0 || (cap.max as number) > 1000) issues.push({ path: `${at}/max`, message: 'must be a whole number, 0-1000' });
    if (!Number.isInteger(cap.per_days) || (cap.per_days as number) < 1 || (cap.per_days as number) > 365) issues.push({ path: `${at}/per_days`, message: 'must be a whole number of days, 1-365' });
    const key = `${String(cap.channel)}/${String(cap.purpose)}/${String(cap.per_days)}`;
    if (seen.has(key)) issues.push({ path: at, message: `repeats the cap of /frequency_caps/${seen.get(key)}` });
    else seen.set(key, i);
  });
}

/** Changes some of the workspace's care settings, checked field by field (every problem with its JSON pointer). */
export async function updateCareSettings(db: Database, workspaceId: number, patch: UpdateCareSettingsInput): Promise<CareSettings> {
  const issues: FieldIssue[] = [];
  const p = patch as Record<string, unknown>;
  for (const k of Object.keys(p)) if (!(FIELDS as readonly string[]).includes(k)) issues.push({ path: `/${k}`, message: `is not a setting (settings: ${FIELDS.join(', ')})` });
  if (p.sender_name !== undefined && (typeof p.sender_name !== 'string' || p.sender_name.trim() === '' || p.sender_name.length > 100 || /[\r\n]/.test(p.sender_name))) {
    issues.push({ path: '/sender_name', message: 'must be a name of 1-100 characters on one line' });
  }
  for (const k of ['sender_address', 'reply_to'] as const) {
    const v = p[k];
    if (v === undefined || (k === 'reply_to' && v === null)) continue;
    if (typeof v !== 'string' || v.length > 254 || !EMAIL.test(v)) issues.push({ path: `/${k}`, message: `must be an email address${k === 'reply_to' ? ' or null' : ''}` });
  }
  if (p.default_locale !== undefined && p.default_locale !== 'fi' && p.default_locale !== 'en') issues.push({ path: '/default_locale', message: 'must be fi or en' });
  if (p.default_timezone !== undefined && (typeof p.default_timezone !== 'string' || !isTimeZone(p.default_timezone))) {
    issues.push({ path: '/default_timezone', message: 'must be an IANA time zone, e.g. Europe/Helsinki' });
  }
  for (const k of ['quiet_start', 'quiet_end'] as const) {
    if (p[k] !== undefined && (typeof p[k] !== 'string' || !TIME.test(p[k] as string))) issues.push({ path: `/${k}`, message: 'must be a time HH:MM (24-hour clock)' });
  }
  if (p.frequency_caps !== undefined) checkCaps(p.frequency_caps, issues);
  if (p.allow_private_webhooks !== undefined && typeof p.allow_private_webhooks !== 'boolean') issues.push({ path: '/allow_private_webhooks', message: 'must be true or false' });
  if (issues.length > 0) throw new AppError('validation_failed', `The care settings are not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);

  const given = FIELDS.filter((k) => p[k] !== undefined);
  return db.transaction(async (tx) => {
    await tx.execute('INSERT INTO care_settings (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO NOTHING', [workspaceId]);
    if (given.length > 0) {
      const sets = given.map((k, i) => `${k} = $${i + 2}${k === 'frequency_caps' ? '::jsonb' : k.startsWith('quiet_') ? '::time' : ''}`);
      await tx.execute(`UPDATE care_settings SET ${sets.join(', ')}, updated_at = now() WHERE workspace_id = $1`, [
        workspaceId,
        ...given.map((k) => (k === 'frequency_caps' ? JSON.stringify(p[k]) : p[k])),
      ]);
    }
    const [row] = await tx.query<CareSettings & Record<string, unknown>>(`SELECT ${CARE_SETTINGS_COLUMNS} FROM care_settings WHERE workspace_id = $1`, [workspaceId]);
    return row!;
  });
}

import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import type { CareSettings, FrequencyCap } from '../model/care-settings.js';

/** The parts of care_settings the channels need (sender, governance, webhook policy, link signing). */
export interface ChannelSettings {
  senderName: string;
  senderAddress: string;
  replyTo: string | null;
  defaultLocale: 'fi' | 'en';
  defaultTimezone: string;
  /** 'HH:MM' local time; quiet hours run from quietStart to quietEnd (across midnight when start > end). */
  quietStart: string;
  quietEnd: string;
  frequencyCaps: FrequencyCap[];
  allowPrivateWebhooks: boolean;
  /** HMAC key of unsubscribe and survey links. */
  linkSecret: string;
}

/**
 * Reads a workspace's care settings for sending, creating the row with its defaults and the
 * link-signing secret on first use (a concurrent first use keeps whichever secret won).
 */
export async function loadChannelSettings(db: Queryable, workspaceId: number): Promise<ChannelSettings> {
  // Read first: every send reads the settings, and an upsert each time would serialise the workers on this row.
  let [row] = await db.query<SettingsRow>(`SELECT ${COLUMNS} FROM care_settings WHERE workspace_id = $1`, [workspaceId]);
  if (!row || row.link_secret === null) {
    [row] = await db.query<SettingsRow>(
      `INSERT INTO care_settings AS s (workspace_id, link_secret) VALUES ($1, $2)
       ON CONFLICT (workspace_id) DO UPDATE SET link_secret = coalesce(s.link_secret, EXCLUDED.link_secret)
       RETURNING ${COLUMNS}`,
      [workspaceId, randomBytes(32).toString('base64url')],
    );
  }
  const r = row!;
  return {
    senderName: r.sender_name,
    senderAddress: r.sender_address,
    replyTo: r.reply_to,
    defaultLocale: r.default_locale,
    defaultTimezone: r.default_timezone,
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    frequencyCaps: Array.isArray(r.frequency_caps) ? r.frequency_caps : [],
    allowPrivateWebhooks: r.allow_private_webhooks,
    linkSecret: r.link_secret!,
  };
}

type SettingsRow = Omit<CareSettings, 'updated_at'> & { link_secret: string | null } & Record<string, unknown>;

const COLUMNS = `sender_name, sender_address, reply_to, default_locale, default_timezone,
  to_char(quiet_start, 'HH24:MI') AS quiet_start, to_char(quiet_end, 'HH24:MI') AS quiet_end,
  frequency_caps, allow_private_webhooks, link_secret`;

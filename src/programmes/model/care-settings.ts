import type { MessagePurpose } from './care-element.js';

export interface FrequencyCap {
  channel: 'email';
  purpose: MessagePurpose;
  /** At most this many messages ... */
  max: number;
  /** ... in any window of this many days. */
  per_days: number;
}

/** A workspace's care settings: the sender, communication governance and the webhook policy. */
export interface CareSettings {
  sender_name: string;
  sender_address: string;
  reply_to: string | null;
  default_locale: 'fi' | 'en';
  default_timezone: string;
  /** Quiet hours, local time of the contact (else default_timezone), 'HH:MM'. */
  quiet_start: string;
  quiet_end: string;
  frequency_caps: FrequencyCap[];
  allow_private_webhooks: boolean;
  updated_at: Date;
}

/** The select list of CareSettings from `care_settings` (link_secret never leaves the database layer). */
export const CARE_SETTINGS_COLUMNS =
  "sender_name, sender_address, reply_to, default_locale, default_timezone, to_char(quiet_start, 'HH24:MI') AS quiet_start, " +
  "to_char(quiet_end, 'HH24:MI') AS quiet_end, frequency_caps, allow_private_webhooks, updated_at";

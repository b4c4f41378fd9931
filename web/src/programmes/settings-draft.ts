import type { MessagePurpose } from '../api/care-element';
import type { CareSettings, CareSettingsPatch } from '../api/care-settings';

/** A frequency cap being edited: the numbers as typed. */
export interface CapDraft {
  purpose: MessagePurpose;
  max: string;
  perDays: string;
}

/** The care settings form's state: text as typed, checked by the server on save. */
export interface SettingsDraft {
  senderName: string;
  senderAddress: string;
  replyTo: string;
  defaultLocale: 'fi' | 'en';
  defaultTimezone: string;
  quietStart: string;
  quietEnd: string;
  caps: CapDraft[];
  allowPrivateWebhooks: boolean;
}

export function settingsToDraft(settings: CareSettings): SettingsDraft {
  return {
    senderName: settings.sender_name,
    senderAddress: settings.sender_address,
    replyTo: settings.reply_to ?? '',
    defaultLocale: settings.default_locale,
    defaultTimezone: settings.default_timezone,
    quietStart: settings.quiet_start,
    quietEnd: settings.quiet_end,
    caps: settings.frequency_caps.map((cap) => ({ purpose: cap.purpose, max: String(cap.max), perDays: String(cap.per_days) })),
    allowPrivateWebhooks: settings.allow_private_webhooks,
  };
}

/** A whole number as typed becomes a number; anything else goes as it is, for the server to name. */
function count(text: string): number | string {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Every setting of the form, in the API's shape (an empty reply-to is none). */
export function draftToPatch(draft: SettingsDraft): CareSettingsPatch {
  return {
    sender_name: draft.senderName.trim(),
    sender_address: draft.senderAddress.trim(),
    reply_to: draft.replyTo.trim() === '' ? null : draft.replyTo.trim(),
    default_locale: draft.defaultLocale,
    default_timezone: draft.defaultTimezone.trim(),
    quiet_start: draft.quietStart.trim(),
    quiet_end: draft.quietEnd.trim(),
    frequency_caps: draft.caps.map((cap) => ({ channel: 'email', purpose: cap.purpose, max: count(cap.max), per_days: count(cap.perDays) })),
    allow_private_webhooks: draft.allowPrivateWebhooks,
  };
}

/** A new cap to fill in: the first purpose not capped yet (marketing when all are), 3 in 7 days. */
export function newCap(caps: readonly CapDraft[], purposes: readonly MessagePurpose[]): CapDraft {
  const free = purposes.find((purpose) => !caps.some((cap) => cap.purpose === purpose));
  return { purpose: free ?? purposes[0] ?? 'marketing', max: '3', perDays: '7' };
}

import type { LocalizedText } from './care-element.js';

/**
 * Pieces shared by the default care model's emails. Liquid variables: contact.first_name
 * (may be empty), account.owner (the KAM, may be empty), sender.name (care settings).
 * The unsubscribe footer is added by the email channel, not written here.
 */
export const GREETING: LocalizedText = {
  fi: 'Hei{% if contact.first_name %} {{ contact.first_name }}{% endif %},',
  en: 'Hi{% if contact.first_name %} {{ contact.first_name }}{% endif %},',
};

/** Signed by the company. */
export const SIGNED_BY_COMPANY: LocalizedText = {
  fi: 'Ystävällisin terveisin\n{{ sender.name }}',
  en: 'Best regards,\n{{ sender.name }}',
};

/** Signed by the account's owner (KAM) when there is one, else by the company. */
export const SIGNED_BY_OWNER: LocalizedText = {
  fi: 'Ystävällisin terveisin\n{{ account.owner | default: sender.name }}',
  en: 'Best regards,\n{{ account.owner | default: sender.name }}',
};

/** A body from paragraphs: the greeting, the paragraphs and the signature, blank lines between. */
export function letter(paragraphs: LocalizedText[], signature: LocalizedText = SIGNED_BY_COMPANY): LocalizedText {
  return {
    fi: [GREETING.fi, ...paragraphs.map((p) => p.fi), signature.fi].join('\n\n'),
    en: [GREETING.en, ...paragraphs.map((p) => p.en), signature.en].join('\n\n'),
  };
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { updateCareSettings, type CareSettings } from '../api/care-settings';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { useFormatters } from '../i18n/use-formatters';
import { FieldIssues } from './FieldIssues';
import { FrequencyCapsFields } from './FrequencyCapsFields';
import { NO_ELEMENT_ISSUES, type ElementIssues } from './element-draft';
import { hasIssue, issuesByPath } from './issues-by-path';
import { draftToPatch, settingsToDraft, type SettingsDraft } from './settings-draft';

const LOCALES = ['fi', 'en'] as const;

/** The IANA time zones this browser knows, for the time zone field's suggestions. */
function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

/**
 * The workspace's care settings: the sender of care email, the defaults for contacts without a
 * language or time zone, quiet hours, frequency caps and the webhook policy. The server checks
 * every field on save; its reasons are shown next to the fields they are about.
 */
export function CareSettingsForm({ settings }: { settings: CareSettings }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const [draft, setDraft] = useState<SettingsDraft>(() => settingsToDraft(settings));
  const [issues, setIssues] = useState<ElementIssues>(NO_ELEMENT_ISSUES);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [zones] = useState(timeZones);
  const [updatedAt, setUpdatedAt] = useState(settings.updated_at);

  const patch = (change: Partial<SettingsDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setSaveError(null);
    setSaved(false);
    try {
      const next = await updateCareSettings(api, draftToPatch(draft));
      setDraft(settingsToDraft(next));
      setIssues(NO_ELEMENT_ISSUES);
      setSaved(true);
      setUpdatedAt(next.updated_at);
    } catch (error) {
      setSaveError(error);
      setIssues(error instanceof ApiError ? issuesByPath(error.problem.errors ?? []) : NO_ELEMENT_ISSUES);
    } finally {
      setSaving(false);
    }
  }

  const text = (id: string, path: string, label: string, value: string, onChange: OnText, extra: TextExtra = {}) => (
    <TextField id={id} label={label} value={value} onChange={onChange} issues={issues} path={path} {...extra} />
  );

  return (
    <form className="card settings-form" aria-labelledby="settings-form-heading" onSubmit={submit} noValidate>
      <h2 id="settings-form-heading">{t('care.settings.form.heading')}</h2>
      <p className="muted">{t('care.settings.form.updated', { at: format.dateTime(updatedAt) })}</p>

      <h3>{t('care.settings.form.sender')}</h3>
      <div className="form-grid">
        {text('settings-sender-name', '/sender_name', t('care.settings.form.senderName'), draft.senderName, (senderName) => patch({ senderName }))}
        {text('settings-sender-address', '/sender_address', t('care.settings.form.senderAddress'), draft.senderAddress, (senderAddress) => patch({ senderAddress }), { type: 'email' })}
        {text('settings-reply-to', '/reply_to', t('care.settings.form.replyTo'), draft.replyTo, (replyTo) => patch({ replyTo }), {
          type: 'email',
          help: t('care.settings.form.replyToHelp'),
        })}
      </div>

      <h3>{t('care.settings.form.defaults')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="settings-locale">{t('care.settings.form.locale')}</label>
          <select id="settings-locale" value={draft.defaultLocale} aria-describedby="settings-locale-help" onChange={(e) => patch({ defaultLocale: e.target.value as SettingsDraft['defaultLocale'] })}>
            {LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {t(`care.editor.language.${locale}`)}
              </option>
            ))}
          </select>
          <p className="help" id="settings-locale-help">
            {t('care.settings.form.localeHelp')}
          </p>
          <FieldIssues issues={issues} path="/default_locale" />
        </div>
        {text('settings-timezone', '/default_timezone', t('care.settings.form.timezone'), draft.defaultTimezone, (defaultTimezone) => patch({ defaultTimezone }), {
          help: t('care.settings.form.timezoneHelp'),
          list: zones.length > 0 ? 'settings-timezones' : undefined,
        })}
        {zones.length > 0 && (
          <datalist id="settings-timezones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        )}
      </div>

      <h3>{t('care.settings.form.quietHours')}</h3>
      <p className="help">{t('care.settings.form.quietHelp')}</p>
      <div className="form-grid">
        {text('settings-quiet-start', '/quiet_start', t('care.settings.form.quietStart'), draft.quietStart, (quietStart) => patch({ quietStart }), {
          placeholder: t('care.settings.form.timePlaceholder'),
        })}
        {text('settings-quiet-end', '/quiet_end', t('care.settings.form.quietEnd'), draft.quietEnd, (quietEnd) => patch({ quietEnd }), {
          placeholder: t('care.settings.form.timePlaceholder'),
        })}
      </div>

      <h3>{t('care.settings.caps.heading')}</h3>
      <p className="help">{t('care.settings.caps.help')}</p>
      <FrequencyCapsFields caps={draft.caps} onChange={(caps) => patch({ caps })} issues={issues} />

      <h3>{t('care.settings.form.webhookPolicy')}</h3>
      <div className="field field-check">
        <input
          id="settings-private-webhooks"
          type="checkbox"
          checked={draft.allowPrivateWebhooks}
          aria-describedby="settings-private-webhooks-help"
          onChange={(e) => patch({ allowPrivateWebhooks: e.target.checked })}
        />
        <label htmlFor="settings-private-webhooks">{t('care.settings.form.allowPrivate')}</label>
        <p className="help" id="settings-private-webhooks-help">
          {t('care.settings.form.allowPrivateHelp')}
        </p>
        <FieldIssues issues={issues} path="/allow_private_webhooks" />
      </div>

      {saveError !== null && <ErrorAlert error={saveError} />}
      {saved && (
        <p className="alert alert-success" role="status">
          {t('care.settings.form.saved')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('care.settings.form.saving') : t('care.settings.form.save')}
        </button>
      </div>
    </form>
  );
}

type OnText = (value: string) => void;

interface TextExtra {
  type?: string;
  help?: string;
  placeholder?: string;
  list?: string | undefined;
}

interface TextFieldProps extends TextExtra {
  id: string;
  label: string;
  value: string;
  onChange: OnText;
  issues: ElementIssues;
  path: string;
}

/** A one-line setting with its help and the server's reasons for refusing it. */
function TextField({ id, label, value, onChange, issues, path, type = 'text', help, placeholder, list }: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        spellCheck={false}
        placeholder={placeholder}
        list={list}
        aria-invalid={hasIssue(issues, path)}
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      <FieldIssues issues={issues} path={path} />
    </div>
  );
}

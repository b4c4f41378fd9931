import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS, type ImportFormat, type ImportKind, type NewImport } from '../api/imports';
import { enumLabel } from '../i18n/enum-label';

/** What to import and from which file. CDNOW is an orders-only format. */
export function ImportForm({ busy, onStart }: { busy: boolean; onStart: (file: File, input: NewImport) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ImportKind>('accounts');
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const effectiveFormat: ImportFormat = kind === 'orders' ? format : 'csv';

  function submit(event: FormEvent) {
    event.preventDefault();
    setMissingFile(!file);
    if (!file) return;
    onStart(file, { kind, format: effectiveFormat, skip_invalid: skipInvalid });
  }

  return (
    <form className="card import-form" onSubmit={submit} noValidate aria-labelledby="new-import-heading">
      <h2 id="new-import-heading">{t('imports.newImport')}</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="import-kind">{t('imports.kind')}</label>
          <select id="import-kind" value={kind} onChange={(event) => setKind(event.target.value as ImportKind)} disabled={busy}>
            {IMPORT_KINDS.map((value) => (
              <option key={value} value={value}>
                {enumLabel(t, 'importKind', value)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-format">{t('imports.format')}</label>
          <select
            id="import-format"
            value={effectiveFormat}
            onChange={(event) => setFormat(event.target.value as ImportFormat)}
            disabled={busy}
            aria-describedby="import-format-help"
          >
            <option value="csv">{t('imports.formats.csv')}</option>
            <option value="cdnow" disabled={kind !== 'orders'}>
              {t('imports.formats.cdnow')}
            </option>
          </select>
          <p id="import-format-help" className="help">
            {t('imports.cdnowOnlyOrders')}
          </p>
        </div>
      </div>
      <div className="field field-check">
        <input id="import-skip" type="checkbox" checked={skipInvalid} onChange={(event) => setSkipInvalid(event.target.checked)} disabled={busy} aria-describedby="import-skip-help" />
        <label htmlFor="import-skip">{t('imports.skipInvalid')}</label>
        <p id="import-skip-help" className="help">
          {t('imports.skipInvalidHelp')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="import-file">{t('imports.file')}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          disabled={busy}
          aria-invalid={missingFile}
        />
        {missingFile && (
          <p className="field-error" role="alert">
            {t('imports.fileRequired')}
          </p>
        )}
      </div>
      <button type="submit" className="button-primary" disabled={busy}>
        {t('imports.start')}
      </button>
    </form>
  );
}

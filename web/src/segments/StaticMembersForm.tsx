import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubjectType } from '../api/rule';
import type { SegmentMembersChange } from '../api/segments';
import { ErrorAlert } from '../common/ErrorAlert';
import { useFormatters } from '../i18n/use-formatters';
import { parseIds } from './segment-key';

interface Props {
  subject: SubjectType;
  busy: boolean;
  /** Adds or removes the ids; resolves with the server's count, rejects with its error. */
  onChange(action: 'add' | 'remove', ids: number[]): Promise<SegmentMembersChange>;
}

/** A static list's members by hand: ids in, "add" or "remove"; all or nothing, as the API does. */
export function StaticMembersForm({ subject, busy, onChange }: Props) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ action: 'add' | 'remove'; change: SegmentMembersChange } | null>(null);

  async function run(action: 'add' | 'remove') {
    const { ids, invalid } = parseIds(text);
    setDone(null);
    setError(null);
    if (invalid.length > 0) {
      setProblem(t('segments.static.invalid', { pieces: invalid.join(', ') }));
      return;
    }
    if (ids.length === 0) {
      setProblem(t('segments.static.required'));
      return;
    }
    setProblem(null);
    try {
      const change = await onChange(action, ids);
      setDone({ action, change });
      setText('');
    } catch (failure) {
      setError(failure);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run('add');
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="static-heading">
      <h2 id="static-heading">{t('segments.static.heading')}</h2>
      <div className="field">
        <label htmlFor="static-ids">{subject === 'account' ? t('segments.static.idsAccount') : t('segments.static.idsContact')}</label>
        <textarea
          id="static-ids"
          rows={2}
          value={text}
          aria-invalid={problem !== null}
          aria-describedby="static-ids-help"
          onChange={(e) => setText(e.target.value)}
          disabled={busy}
        />
        <p className="help" id="static-ids-help">
          {t('segments.static.help')}
        </p>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {t('segments.static.add')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run('remove')}>
          {t('segments.static.remove')}
        </button>
      </div>
      {done && (
        <p className="alert alert-success" role="status">
          {t(done.action === 'add' ? 'segments.static.added' : 'segments.static.removed', {
            changed: format.number(done.change.changed),
            unchanged: format.number(done.change.unchanged),
            total: format.number(done.change.member_count),
          })}
        </p>
      )}
      {error !== null && <ErrorAlert error={error} />}
    </form>
  );
}

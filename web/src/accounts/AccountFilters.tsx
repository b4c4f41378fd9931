import { useTranslation } from 'react-i18next';
import { fetchAccountFacets, type AccountQuery } from '../api/accounts';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';
import type { AccountFilterPatch } from './use-account-list-params';
import { FacetSelect } from './FacetSelect';

/** Country, industry, owner (from /accounts/facets) and type filters. */
export function AccountFilters({ query, onChange }: { query: AccountQuery; onChange: (patch: AccountFilterPatch) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const facets = useResource('facets', (signal) => fetchAccountFacets(api, signal));
  const active = query.country || query.industry || query.owner || query.kind;
  return (
    <fieldset className="filters">
      <legend>{t('accounts.filters')}</legend>
      {facets.loading && !facets.data && <LoadingBar label={t('accounts.loadingFilters')} />}
      {facets.error !== null && <ErrorAlert error={facets.error} onRetry={facets.reload} />}
      <div className="filter-row">
        <FacetSelect
          id="filter-country"
          label={t('accounts.country')}
          value={query.country}
          options={facets.data?.countries ?? []}
          display={format.country}
          onChange={(country) => onChange({ country })}
        />
        <FacetSelect
          id="filter-industry"
          label={t('accounts.industry')}
          value={query.industry}
          options={facets.data?.industries ?? []}
          onChange={(industry) => onChange({ industry })}
        />
        <FacetSelect
          id="filter-owner"
          label={t('accounts.owner')}
          value={query.owner}
          options={facets.data?.owners ?? []}
          onChange={(owner) => onChange({ owner })}
        />
        <div className="field">
          <label htmlFor="filter-kind">{t('accounts.kind')}</label>
          <select id="filter-kind" value={query.kind} onChange={(event) => onChange({ kind: event.target.value })}>
            <option value="">{t('accounts.any')}</option>
            <option value="organization">{enumLabel(t, 'kind', 'organization')}</option>
            <option value="consumer">{enumLabel(t, 'kind', 'consumer')}</option>
          </select>
        </div>
        {active && (
          <button type="button" className="button-quiet" onClick={() => onChange({ country: '', industry: '', owner: '', kind: '' })}>
            {t('accounts.clearFilters')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

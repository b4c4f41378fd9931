import { useEffect, useState } from 'react';
import { isAbort } from '../api/api-error';
import { previewEmail, type EmailPreviewResult } from '../api/care-channels';
import type { EmailTemplate, MessagePurpose } from '../api/care-element';
import { useApi } from '../auth/auth-context';
import { useDebouncedValue } from '../common/use-debounced-value';
import type { PreviewCustomer } from './preview-customer';

export interface EmailPreviewState {
  result: EmailPreviewResult | null;
  error: unknown;
  loading: boolean;
}

const DEBOUNCE_MS = 400;

/** The template rendered for the chosen customer in both languages, again a moment after each edit. */
export function useEmailPreview(kind: 'email' | 'survey', purpose: MessagePurpose | undefined, template: EmailTemplate, customer: PreviewCustomer | null): EmailPreviewState {
  const api = useApi();
  const settled = useDebouncedValue(JSON.stringify(template), DEBOUNCE_MS);
  const [state, setState] = useState<EmailPreviewState>({ result: null, error: null, loading: false });
  const contactId = customer?.contactId ?? null;
  useEffect(() => {
    if (contactId === null) {
      setState({ result: null, error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((current) => ({ ...current, loading: true }));
    previewEmail(
      api,
      { template: JSON.parse(settled) as EmailTemplate, contact_id: contactId, ...(kind === 'survey' ? { survey: true } : purpose ? { purpose } : {}) },
      controller.signal,
    ).then(
      (result) => {
        if (!controller.signal.aborted) setState({ result, error: null, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) setState({ result: null, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [api, kind, purpose, settled, contactId]);
  return state;
}

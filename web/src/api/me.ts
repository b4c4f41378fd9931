import type { ApiClient } from './api-client';

export interface Me {
  workspace: { id: number; slug: string; name: string };
  key: { id: number; kind: string };
}

export function fetchMe(api: ApiClient, signal?: AbortSignal): Promise<Me> {
  return api.get<Me>('/api/v1/me', undefined, signal);
}

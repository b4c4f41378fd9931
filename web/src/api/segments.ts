import type { ApiClient } from './api-client';
import type { LocalizedText } from './lifecycle';
import type { Page } from './page';
import type { Rule, SubjectType } from './rule';

export type SegmentKind = 'dynamic' | 'static';
export const SEGMENT_KINDS: readonly SegmentKind[] = ['dynamic', 'static'];
/** As the server checks keys: lower-case letters, digits, - and _, starting with a letter or digit. */
export const SEGMENT_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface Segment {
  id: number;
  key: string;
  name: string;
  description: string | null;
  subject_type: SubjectType;
  kind: SegmentKind;
  rule: Rule | null;
  time_dependent: boolean;
  version: number;
  member_count: number;
  evaluated_at: string | null;
  evaluated_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface SegmentDetail extends Segment {
  rule_text: LocalizedText | null;
  referenced_by: string[];
}

export interface SegmentPreview {
  count: number;
  out_of: number;
  sample: { id: number; name: string | null; detail: string | null; facts: Record<string, unknown> }[];
  rule_text: LocalizedText;
  time_dependent: boolean;
}

export interface SegmentMember {
  id: number;
  name: string | null;
  detail: string | null;
  entered_at: string;
}

export interface SegmentHistoryEntry {
  id: number;
  subject_id: number;
  name: string | null;
  change: 'entered' | 'exited';
  changed_at: string;
  segment_version: number;
  facts: Record<string, unknown>;
}

export interface SegmentMembersChange {
  segment: { id: number; key: string };
  changed: number;
  unchanged: number;
  member_count: number;
}

export interface SubjectSegment {
  id: number;
  key: string;
  name: string;
  kind: SegmentKind;
  entered_at: string;
}

export interface NewSegment {
  key: string;
  name: string;
  description: string | null;
  subject_type: SubjectType;
  kind: SegmentKind;
  rule?: Rule;
}

export interface SegmentPatch {
  name: string;
  description: string | null;
  rule?: Rule;
}

export const MEMBER_PAGE_SIZE = 50;

const segmentPath = (id: number | string) => `/api/v1/segments/${encodeURIComponent(String(id))}`;

export function listSegments(api: ApiClient, query: { subject_type?: SubjectType | '' }, signal?: AbortSignal): Promise<{ data: Segment[] }> {
  return api.get<{ data: Segment[] }>('/api/v1/segments', { subject_type: query.subject_type }, signal);
}

export function fetchSegment(api: ApiClient, id: number | string, signal?: AbortSignal): Promise<SegmentDetail> {
  return api.get<SegmentDetail>(segmentPath(id), undefined, signal);
}

export function createSegment(api: ApiClient, input: NewSegment): Promise<Segment> {
  return api.request<Segment>('POST', '/api/v1/segments', { json: input });
}

export function updateSegment(api: ApiClient, id: number, patch: SegmentPatch): Promise<Segment> {
  return api.request<Segment>('PATCH', segmentPath(id), { json: patch });
}

export function deleteSegment(api: ApiClient, id: number): Promise<void> {
  return api.request<void>('DELETE', segmentPath(id));
}

export function previewSegment(
  api: ApiClient,
  input: { subject_type: SubjectType; rule: Rule; key: string | null },
  signal?: AbortSignal,
): Promise<SegmentPreview> {
  return api.request<SegmentPreview>('POST', '/api/v1/segments/preview', { json: input, ...(signal ? { signal } : {}) });
}

export function listSegmentMembers(api: ApiClient, id: number | string, cursor: string | null, signal?: AbortSignal): Promise<Page<SegmentMember>> {
  return api.get<Page<SegmentMember>>(`${segmentPath(id)}/members`, { cursor, limit: MEMBER_PAGE_SIZE }, signal);
}

export function addSegmentMembers(api: ApiClient, id: number, ids: number[]): Promise<SegmentMembersChange> {
  return api.request<SegmentMembersChange>('POST', `${segmentPath(id)}/members`, { json: { ids } });
}

export function removeSegmentMembers(api: ApiClient, id: number, ids: number[]): Promise<SegmentMembersChange> {
  return api.request<SegmentMembersChange>('DELETE', `${segmentPath(id)}/members`, { json: { ids } });
}

export function listSegmentHistory(api: ApiClient, id: number | string, cursor: string | null, signal?: AbortSignal): Promise<Page<SegmentHistoryEntry>> {
  return api.get<Page<SegmentHistoryEntry>>(`${segmentPath(id)}/history`, { cursor, limit: 25 }, signal);
}

export function listSubjectSegments(api: ApiClient, subject: SubjectType, id: number | string, signal?: AbortSignal): Promise<{ data: SubjectSegment[] }> {
  return api.get<{ data: SubjectSegment[] }>(`/api/v1/${subject}s/${encodeURIComponent(String(id))}/segments`, undefined, signal);
}

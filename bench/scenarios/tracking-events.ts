import { randomUUID } from 'node:crypto';

/** Deterministic-shaped Segment track messages like a product would send (about 200 bytes of JSON each). */
const NAMES = ['Dashboard Viewed', 'Report Created', 'Login', 'Page Viewed', 'User Invited', 'Export Downloaded'];

export interface TrackMessage {
  type: 'track';
  event: string;
  userId: string;
  messageId: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

export function makeTrackMessage(i: number, users: number): TrackMessage {
  return {
    type: 'track',
    event: NAMES[i % NAMES.length]!,
    userId: `user-${i % users}`,
    messageId: randomUUID(),
    timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    properties: { plan: i % 3 === 0 ? 'Kasvu' : 'Perus', path: `/app/reports/${i % 97}`, durationMs: (i * 37) % 5000 },
  };
}

export function makeBatch(start: number, size: number, users: number): TrackMessage[] {
  const batch: TrackMessage[] = [];
  for (let i = start; i < start + size; i++) batch.push(makeTrackMessage(i, users));
  return batch;
}

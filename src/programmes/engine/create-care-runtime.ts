import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../../config/load-config.js';
import type { CareRuntime } from './care-runtime.js';

/** Webhook calls give up after this long (the action is retried with backoff). */
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The care runtime of one process, from its Config: a pooled nodemailer SMTP transport when
 * KANTA_SMTP_URL is set (one connection per concurrent action at most), else null (the outbox);
 * the public URL for links; a worker id unique to this process (host, pid and a random tag),
 * written into care_actions.locked_by. close() closes the SMTP pool.
 */
export function createCareRuntime(config: Pick<Config, 'smtpUrl' | 'publicUrl' | 'careConcurrency'>): CareRuntime & { close(): void } {
  const mailer = config.smtpUrl
    ? nodemailer.createTransport({ pool: true, url: config.smtpUrl, maxConnections: Math.max(1, Math.min(config.careConcurrency, 32)), maxMessages: Infinity })
    : null;
  return {
    mailer,
    publicUrl: config.publicUrl,
    workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    webhookTimeoutMs: WEBHOOK_TIMEOUT_MS,
    close: () => mailer?.close(),
  };
}

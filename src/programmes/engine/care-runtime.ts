import type { Transporter } from 'nodemailer';

/**
 * What the care engine needs from the outside world, built once from the Config at start-up
 * (`createCareRuntime`) and passed down: nothing below reads process.env.
 */
export interface CareRuntime {
  /** nodemailer transport for SMTP, or null: mail lands in the outbox (care_messages, transport 'outbox'). */
  mailer: Transporter | null;
  /** Base URL for links in messages (unsubscribe, survey), e.g. http://127.0.0.1:3000 */
  publicUrl: string;
  /** Identifies this worker in care_actions.locked_by. */
  workerId: string;
  /** HTTP timeout for webhooks, ms. */
  webhookTimeoutMs: number;
  /** Overrides the DNS lookup used by the webhook target check (tests). */
  resolveHost?: (host: string) => Promise<string[]>;
}

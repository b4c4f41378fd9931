import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { parseDeliveryStatusNotification, parseFieldBlocks } from './parse-delivery-status-notification.js';
import { exchangeBounce, plainEmail, postfixBounce } from './testing/delivery-status-samples.js';

async function failure(raw: string): Promise<AppError> {
  try {
    await parseDeliveryStatusNotification(raw);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('parseDeliveryStatusNotification', () => {
  it("reads Postfix's bounce: recipient, action, status, diagnostic (unfolded, type removed) and the Message-ID from text/rfc822-headers", async () => {
    const dsn = await parseDeliveryStatusNotification(Buffer.from(postfixBounce({ messageId: '<kanta-a12-c34@yritys.example>', recipient: 'maija@asiakas.example' })));
    expect(dsn).toEqual({
      reportingMta: 'mail.relay.example',
      originalMessageId: '<kanta-a12-c34@yritys.example>',
      reports: [
        {
          message_id: '<kanta-a12-c34@yritys.example>',
          recipient: 'maija@asiakas.example',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <maija@asiakas.example>: Recipient address rejected: User unknown',
        },
      ],
    });
  });

  it("reads Exchange's non-delivery report with the whole original message (message/rfc822)", async () => {
    const dsn = await parseDeliveryStatusNotification(exchangeBounce({ messageId: '<kanta-a12-c56@yritys.example>', recipient: 'matti@vanha.example' }));
    expect(dsn.originalMessageId).toBe('<kanta-a12-c56@yritys.example>');
    expect(dsn.reportingMta).toBe('HE1PR0101MB0001.eurprd01.prod.exchangelabs.com');
    expect(dsn.reports).toEqual([
      {
        message_id: '<kanta-a12-c56@yritys.example>',
        recipient: 'matti@vanha.example',
        action: 'failed',
        status: '5.1.10',
        diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
      },
    ]);
  });

  it('reads a delay warning (Action: delayed, 4.x.x) and a status with a comment', async () => {
    const dsn = await parseDeliveryStatusNotification(
      postfixBounce({ messageId: '<kanta-a1-c2@yritys.example>', recipient: 'x@y.example', action: 'delayed', status: '4.4.1 (connection timed out)', diagnostic: 'X-Postfix; connect to mx.y.example[192.0.2.1]:25: Connection timed out' }),
    );
    expect(dsn.reports).toEqual([
      { message_id: '<kanta-a1-c2@yritys.example>', recipient: 'x@y.example', action: 'delayed', status: '4.4.1', diagnostic: 'connect to mx.y.example[192.0.2.1]:25: Connection timed out' },
    ]);
  });

  it('refuses an email that is not a delivery status notification, saying what it is', async () => {
    const e = await failure(plainEmail);
    expect(e.code).toBe('unprocessable');
    expect(e.message).toMatch(/not a delivery status notification .*no message\/delivery-status part \(Content-Type text\/plain\)/);
    expect(e.issues).toEqual([{ path: 'Content-Type', message: 'expected multipart/report; report-type=delivery-status, got text/plain' }]);
  });

  it('names the recipient block and field of a malformed report', async () => {
    const raw = postfixBounce({ messageId: '<kanta-a1-c2@yritys.example>', recipient: 'x@y.example', status: 'five' }).replace('Action: failed', 'Action: exploded');
    const e = await failure(raw);
    expect(e.issues).toEqual([
      { path: 'message/delivery-status/recipient[1]/Action', message: 'must be failed, delayed, delivered, relayed or expanded, got "exploded"' },
      { path: 'message/delivery-status/recipient[1]/Status', message: 'must be a status code like 5.1.1, got "five"' },
    ]);
  });

  it('says so when no part names the original Message-ID', async () => {
    const raw = postfixBounce({ messageId: '<kanta-a1-c2@yritys.example>', recipient: 'x@y.example' }).replace('Message-ID: <kanta-a1-c2@yritys.example>\r\n', '');
    const e = await failure(raw);
    expect(e.issues).toEqual([{ path: 'text/rfc822-headers/Message-ID', message: 'missing' }]);
  });

  it('splits field blocks on blank lines and unfolds continuation lines', () => {
    expect(parseFieldBlocks('A: 1\r\nB: two\r\n  lines\r\n\r\nA: 3\r\nA: ignored\r\n')).toEqual([
      new Map([['a', '1'], ['b', 'two lines']]),
      new Map([['a', '3']]),
    ]);
  });
});

import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export interface SmtpTestServer {
  port: number;
  /** Every message the server accepted, parsed. */
  received: ParsedMail[];
  /** RCPT TO addresses (lower-cased) the server answers with 550. */
  reject: Set<string>;
  /** A nodemailer transport to this server. */
  transport: () => Transporter;
  close: () => Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (any port) that keeps what it receives (tests only). */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ParsedMail[] = [];
  const reject = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (reject.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  // A client that goes away mid-session (a stopped transport, a killed process) resets its connection: not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const transports: Transporter[] = [];
  return {
    port,
    received,
    reject,
    transport: () => {
      const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
      transports.push(t);
      return t;
    },
    close: async () => {
      for (const t of transports) t.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

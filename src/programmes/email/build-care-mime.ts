import { randomBytes } from 'node:crypto';
import { encodeWord, foldLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';

/** A care email ready for SMTP: the parts nodemailer's composer would otherwise assemble. */
export interface CareMimeInput {
  from: { name: string; address: string };
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  /** The stable RFC 5322 Message-ID, angle brackets included. */
  messageId: string;
  /** Extra header lines in order (List-Unsubscribe, ...); values must be ASCII. */
  headers: [string, string][];
  date: Date;
}

export interface CareMime {
  /** The whole RFC 5322 message, CRLF line ends (SMTP dot-stuffing is left to the transport). */
  raw: string;
  envelope: { from: string; to: string[] };
}

/** An address nodemailer writes bare: ASCII, one @, no specials, so no punycode or quoting is needed. */
const SIMPLE_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
const ASCII_HEADER = /^[\x20-\x7e]*$/;

/**
 * Builds a care email's MIME message as a string in one pass: the same structure nodemailer's
 * MailComposer streams (multipart/alternative of a text/plain and a text/html part, utf-8,
 * quoted-printable where a part is not 7-bit safe, RFC 2047 encoded words in headers, lines
 * folded at 76 by nodemailer's own helpers) without its per-message stream pipeline, which
 * costs more CPU than the rest of a care send. Returns null for what it does not cover
 * (an address that needs punycode, quoting or SMTPUTF8, a header value that is not plain
 * ASCII): the caller lets nodemailer compose those.
 */
export function buildCareMime(input: CareMimeInput): CareMime | null {
  const addresses = [input.from.address, input.to, ...(input.replyTo ? [input.replyTo] : [])];
  if (!addresses.every((a) => SIMPLE_ADDRESS.test(a))) return null;
  if (!input.headers.every(([k, v]) => /^[A-Za-z0-9-]+$/.test(k) && ASCII_HEADER.test(v))) return null;
  if (!/^<[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(input.messageId)) return null;

  const boundary = `--_kanta-${randomBytes(8).toString('hex')}-Part_1`;
  const lines: string[] = [];
  const header = (key: string, value: string) => lines.push(foldLines(`${key}: ${value}`, 76));
  for (const [key, value] of input.headers) header(key, value);
  header('From', input.from.name ? `${addressName(input.from.name)} <${input.from.address}>` : input.from.address);
  header('To', input.to);
  if (input.replyTo) header('Reply-To', input.replyTo);
  header('Subject', headerText(input.subject));
  header('Message-ID', input.messageId);
  header('Date', input.date.toUTCString().replace(/GMT/, '+0000'));
  header('MIME-Version', '1.0');
  header('Content-Type', `multipart/alternative; boundary="${boundary}"`);
  const raw =
    `${lines.join('\r\n')}\r\n\r\n` +
    `--${boundary}\r\n${textPart('text/plain', input.text)}\r\n` +
    `--${boundary}\r\n${textPart('text/html', input.html)}\r\n` +
    `--${boundary}--\r\n`;
  return { raw, envelope: { from: input.from.address, to: [input.to] } };
}

/** A display name as nodemailer writes it: bare when word characters, quoted when ASCII, else an encoded word. */
function addressName(name: string): string {
  const clean = name.replace(/[\r\n]+/g, ' ');
  if (/^[\w ]*$/.test(clean)) return clean;
  if (ASCII_HEADER.test(clean)) return `"${clean.replace(/(["\\])/g, '\\$1')}"`;
  return encodeWord(clean, 'Q', 52);
}

/** An unstructured header value: as is when plain ASCII, else RFC 2047 encoded words (split at 52). */
function headerText(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  return isPlainText(clean) ? clean : encodeWord(clean, 'Q', 52);
}

/** One part: 7bit when ASCII without lines over 76, else quoted-printable wrapped at 76. */
function textPart(type: 'text/plain' | 'text/html', content: string): string {
  const crlf = content.replace(/\r?\n/g, '\r\n');
  const sevenBit = /^[\x00-\x7f]*$/.test(crlf) && !/[^\r\n]{77}/.test(crlf);
  const body = sevenBit ? crlf : qpWrap(qpEncode(crlf), 76);
  return `Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: ${sevenBit ? '7bit' : 'quoted-printable'}\r\n\r\n${body}`;
}

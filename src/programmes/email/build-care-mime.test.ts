import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { buildCareMime, type CareMimeInput } from './build-care-mime.js';

const base: CareMimeInput = {
  from: { name: 'Kanta', address: 'care@kanta.localhost' },
  to: 'anna@aalto.example',
  replyTo: null,
  subject: 'Kiitos tilauksesta',
  text: 'Hei Anna!\n\nKiitos tilauksestasi.\n\n-- \nEtkö halua enää näitä viestejä? Peru tilaus: http://127.0.0.1:4400/u/eyJ3IjoxLCJjIjoxMjMsInAiOiJzZXJ2aWNlIn0.abcdefghijklmnopqrstuvwxyz0123456789\n',
  html: '<!doctype html><html lang="fi"><body><p>Hei Anna!</p><p>Kiitos tilauksestasi.</p><hr><p>Etkö halua enää näitä viestejä? <a href="http://127.0.0.1:4400/u/x">http://127.0.0.1:4400/u/x</a></p></body></html>',
  messageId: '<kanta-a12-c34@kanta.localhost>',
  headers: [
    ['List-Unsubscribe', '<http://127.0.0.1:4400/u/eyJ3IjoxLCJjIjoxMjMsInAiOiJzZXJ2aWNlIn0.abcdefghijklmnopqrstuvwxyz0123456789>'],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['X-Kanta-Action', '12'],
  ],
  date: new Date('2026-12-01T10:00:00Z'),
};

/** What nodemailer's own composer makes of the same message. */
async function composedByNodemailer(m: CareMimeInput): Promise<ParsedMail> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({
    from: m.from,
    to: m.to,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    date: m.date,
    headers: Object.fromEntries(m.headers),
  });
  return simpleParser(info.message as Buffer);
}

function essentials(p: ParsedMail) {
  const header = (k: string) => p.headerLines.find((h) => h.key === k)?.line.replace(/\r?\n[ \t]+/g, ' ');
  return {
    from: p.from?.value,
    to: Array.isArray(p.to) ? p.to.map((t) => t.value) : p.to?.value,
    replyTo: p.replyTo?.value ?? null,
    subject: p.subject,
    text: p.text,
    html: p.html,
    messageId: p.messageId,
    date: p.date?.toISOString(),
    listUnsubscribe: header('list-unsubscribe'),
    listUnsubscribePost: header('list-unsubscribe-post'),
    action: header('x-kanta-action'),
    mimeVersion: header('mime-version'),
  };
}

describe('buildCareMime', () => {
  const cases: [string, CareMimeInput][] = [
    ['a Finnish message with a long unsubscribe link', base],
    [
      'non-ASCII sender name and subject, a reply-to, long lines and dots at line starts',
      {
        ...base,
        from: { name: 'Äänekosken Kauppa "Oy"', address: 'care@kauppa.example' },
        replyTo: 'tuki@kauppa.example',
        subject: 'Tervetuloa, äiti — tämä otsikko on pitkä ja jatkuu yli seitsemänkymmenenkahdeksan merkin rajan',
        text: `${'Pitkä rivi ilman välilyöntejä: '.repeat(5)}\n.\n..piste\r\nrivi\n`,
        html: `<p>${'x'.repeat(200)}</p>\n<p>.alku</p>`,
      },
    ],
    ['plain ASCII parts (7bit)', { ...base, from: { name: 'Care Team (Kanta)', address: 'care@kanta.localhost' }, text: 'Hello Anna!\n\nThanks.\n', html: '<p>Hello</p>' }],
  ];
  for (const [name, input] of cases) {
    it(`reads back as nodemailer's own message does: ${name}`, async () => {
      const mime = buildCareMime(input);
      expect(mime).not.toBeNull();
      expect(mime!.envelope).toEqual({ from: input.from.address, to: [input.to] });
      // Header lines fold at 76 where they have a space (a long URL cannot fold, as with nodemailer); body lines never pass 78.
      const [head, ...body] = mime!.raw.split('\r\n\r\n');
      expect(head!.split('\r\n').every((line) => line.length <= 998)).toBe(true);
      expect(body.join('\r\n\r\n').split('\r\n').every((line) => line.length <= 78)).toBe(true);
      expect(mime!.raw).not.toMatch(/[^\r]\n/);
      const ours = essentials(await simpleParser(mime!.raw));
      expect(ours).toEqual(essentials(await composedByNodemailer(input)));
      expect(ours.subject).toBe(input.subject);
    });
  }

  it('leaves addresses that need punycode or quoting, and non-ASCII header values, to nodemailer', () => {
    expect(buildCareMime({ ...base, to: 'anna@äänekoski.example' })).toBeNull();
    expect(buildCareMime({ ...base, to: 'änna@aalto.example' })).toBeNull();
    expect(buildCareMime({ ...base, to: '"anna smith"@aalto.example' })).toBeNull();
    expect(buildCareMime({ ...base, headers: [['X-Note', 'Hyvää päivää']] })).toBeNull();
    expect(buildCareMime({ ...base, replyTo: 'tuki@äänekoski.example' })).toBeNull();
  });
});

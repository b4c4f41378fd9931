/**
 * Hand-written bounce emails following RFC 3464 (tests only): how Postfix and Exchange Online
 * report a failed delivery, a Postfix delay warning, and a plain email that is no report. The
 * original Message-ID and recipient are parameters, so tests can point them at real care messages.
 */

export function postfixBounce(o: { messageId: string; recipient: string; status?: string; action?: string; diagnostic?: string }): string {
  const status = o.status ?? '5.1.1';
  const diagnostic = o.diagnostic ?? `smtp; 550 ${status} <${o.recipient}>: Recipient address\n    rejected: User unknown`;
  return `Return-Path: <>
Received: by mail.relay.example (Postfix) id 3F2A1C0123; Tue,  1 Dec 2026 10:00:05 +0200 (EET)
Date: Tue,  1 Dec 2026 10:00:05 +0200 (EET)
From: MAILER-DAEMON@mail.relay.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: care@yritys.example
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="3F2A1C0123.1764576005/mail.relay.example"
Message-Id: <20261201080005.3F2A1C0123@mail.relay.example>

This is a MIME-encapsulated message.

--3F2A1C0123.1764576005/mail.relay.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.relay.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<${o.recipient}>: host mx.asiakas.example[192.0.2.10] said: 550 ${status}
    Recipient address rejected: User unknown (in reply to RCPT TO command)

--3F2A1C0123.1764576005/mail.relay.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.relay.example
X-Postfix-Queue-ID: 3F2A1C0123
X-Postfix-Sender: rfc822; care@yritys.example
Arrival-Date: Tue,  1 Dec 2026 10:00:01 +0200 (EET)

Final-Recipient: rfc822; ${o.recipient}
Original-Recipient: rfc822;${o.recipient}
Action: ${o.action ?? 'failed'}
Status: ${status}
Remote-MTA: dns; mx.asiakas.example
Diagnostic-Code: ${diagnostic}

--3F2A1C0123.1764576005/mail.relay.example
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Return-Path: <care@yritys.example>
From: Yritys <care@yritys.example>
To: ${o.recipient}
Subject: Tervetuloa
Message-ID: ${o.messageId}
Date: Tue, 01 Dec 2026 08:00:00 +0000

--3F2A1C0123.1764576005/mail.relay.example--
`.replace(/\n/g, '\r\n');
}

/** Exchange Online's non-delivery report: an HTML/text alternative, the status, and the whole original message (message/rfc822). */
export function exchangeBounce(o: { messageId: string; recipient: string }): string {
  return `From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@yritys.example>
To: <care@yritys.example>
Date: Tue, 1 Dec 2026 08:01:12 +0000
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="9f1a2b3c-0000-4d5e-8f90-abcdef012345"
Content-Language: en-US
Message-ID: <5b2c1d0e-aaaa-bbbb-cccc-0123456789ab@HE1PR0101MB0001.eurprd01.prod.exchangelabs.com>
In-Reply-To: ${o.messageId}
References: ${o.messageId}
Subject: Undeliverable: Tervetuloa
Auto-Submitted: auto-replied
X-MS-Exchange-Message-Is-Ndr:
MIME-Version: 1.0

--9f1a2b3c-0000-4d5e-8f90-abcdef012345
Content-Type: multipart/alternative; differences=Content-Type;
\tboundary="a0b1c2d3-1111-2222-3333-444455556666"

--a0b1c2d3-1111-2222-3333-444455556666
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

Your message to ${o.recipient} couldn't be delivered.

--a0b1c2d3-1111-2222-3333-444455556666
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

<html><body><p>Your message to ${o.recipient} couldn't be delivered.</p></body></html>

--a0b1c2d3-1111-2222-3333-444455556666--

--9f1a2b3c-0000-4d5e-8f90-abcdef012345
Content-Type: message/delivery-status

Reporting-MTA: dns;HE1PR0101MB0001.eurprd01.prod.exchangelabs.com
Received-From-MTA: dns;relay.yritys.example
Arrival-Date: Tue, 1 Dec 2026 08:01:10 +0000

Final-Recipient: rfc822;${o.recipient}
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not
 found by SMTP address lookup
X-Display-Name: Matti Virtanen

--9f1a2b3c-0000-4d5e-8f90-abcdef012345
Content-Type: message/rfc822

Received: from relay.yritys.example (192.0.2.25) by HE1PR0101MB0001.eurprd01.prod.exchangelabs.com
From: Yritys <care@yritys.example>
To: <${o.recipient}>
Subject: Tervetuloa
Date: Tue, 1 Dec 2026 08:00:59 +0000
Message-ID: ${o.messageId}
Content-Type: text/plain; charset="utf-8"
MIME-Version: 1.0

Hei Matti!

--9f1a2b3c-0000-4d5e-8f90-abcdef012345--
`.replace(/\n/g, '\r\n');
}

/** A plain reply: not a delivery status notification. */
export const plainEmail = `From: Anna <anna@aalto.example>
To: care@yritys.example
Subject: Re: Tervetuloa
Message-ID: <reply-1@aalto.example>
In-Reply-To: <kanta-a1-c2@yritys.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Kiitos!
`.replace(/\n/g, '\r\n');

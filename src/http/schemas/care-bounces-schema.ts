import { Type } from 'typebox';

const Action = Type.String({ enum: ['failed', 'delayed', 'delivered', 'relayed', 'expanded'], description: 'RFC 3464 Action' });

export const DeliveryReportSchema = Type.Object(
  {
    message_id: Type.String({ minLength: 1, maxLength: 998, description: "The Message-ID of the care message the report is about (Kanta's are <kanta-a<action>-c<contact>@host>; angle brackets optional)" }),
    recipient: Type.String({ minLength: 3, maxLength: 320, description: 'The address that bounced (the Original-Recipient or Final-Recipient; an "rfc822;" prefix is accepted)' }),
    action: Action,
    status: Type.String({ pattern: '^[245]\\.\\d{1,3}\\.\\d{1,3}$', description: 'RFC 3463 status code: 5.x.x with failed is a hard bounce, delayed or 4.x.x a soft one' }),
    diagnostic: Type.Optional(Type.String({ maxLength: 1000, description: 'Diagnostic-Code, e.g. "550 5.1.1 User unknown"' })),
  },
  { additionalProperties: false, title: 'DeliveryReport' },
);

export const DeliveryReportsBody = Type.Object({ reports: Type.Array(DeliveryReportSchema, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });

const Base = { index: Type.Integer({ description: 'Position of the report (in the body, or in the DSN)' }), message_id: Type.String(), recipient: Type.String() };

export const RecordDeliveryReportsResponse = Type.Object(
  {
    recorded: Type.Array(
      Type.Object({
        ...Base,
        kind: Type.String({ enum: ['hard', 'soft'] }),
        care_message_id: Type.Integer(),
        contact_id: Type.Integer(),
        suppressed: Type.Boolean({ description: 'This report added the address to the suppressions' }),
        changed: Type.Boolean({ description: 'false: recorded before, nothing changed' }),
      }),
    ),
    unmatched: Type.Array(Type.Object({ ...Base, reason: Type.String({ enum: ['unknown_message', 'recipient_mismatch'] }) })),
    ignored: Type.Array(Type.Object({ ...Base, action: Type.String() }), { description: 'Reports that are no bounce (delivered, relayed, expanded)' }),
    counts: Type.Object({ recorded: Type.Integer(), hard: Type.Integer(), soft: Type.Integer(), suppressed: Type.Integer(), unmatched: Type.Integer(), ignored: Type.Integer() }),
  },
  { title: 'DeliveryReportsRecorded' },
);

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { addSegmentMembers } from '../../segments/add-segment-members.js';
import { createSegment } from '../../segments/create-segment.js';
import { deleteSegment } from '../../segments/delete-segment.js';
import { getSegment } from '../../segments/get-segment.js';
import { listSegmentHistory } from '../../segments/list-segment-history.js';
import { listSegmentMembers } from '../../segments/list-segment-members.js';
import { listSegmentVersions } from '../../segments/list-segment-versions.js';
import { listSegments } from '../../segments/list-segments.js';
import { listSubjectSegments } from '../../segments/list-subject-segments.js';
import { previewSegment } from '../../segments/preview-segment.js';
import { removeSegmentMembers } from '../../segments/remove-segment-members.js';
import { updateSegment } from '../../segments/update-segment.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { PageOf, pageQueryProperties } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import {
  SegmentCreateBody,
  SegmentDetailSchema,
  SegmentHistoryQuery,
  SegmentHistorySchema,
  SegmentListQuery,
  SegmentMemberSchema,
  SegmentMembersBody,
  SegmentMembersChangeSchema,
  SegmentPatchBody,
  SegmentPreviewBody,
  SegmentPreviewSchema,
  SegmentSchema,
  SegmentVersionSchema,
  SubjectSegmentSchema,
} from '../schemas/segment-schema.js';

const tags = ['segments'];

/** /api/v1/segments: dynamic (rule) and static (hand-made) segments of accounts or contacts, their members and history. */
export const segmentsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ws = (request: Parameters<typeof principalOf>[0]) => principalOf(request).workspaceId;

  app.get(
    '/api/v1/segments',
    {
      schema: {
        tags,
        summary: 'List segments by name',
        security: adminSecurity,
        querystring: SegmentListQuery,
        response: { 200: Type.Object({ data: Type.Array(SegmentSchema) }), ...problemResponses() },
      },
    },
    async (request) => listSegments(app.db, ws(request), request.query),
  );

  app.post(
    '/api/v1/segments',
    {
      schema: {
        tags,
        summary: 'Create a segment',
        description:
          'A dynamic segment needs a rule (checked against the workspace: fields, referenced segments and stages, no reference cycle); ' +
          'the recompute worker evaluates it shortly after. A static segment has no rule: add members with POST /segments/{id}/members.',
        security: adminSecurity,
        body: SegmentCreateBody,
        response: { 201: SegmentSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => reply.code(201).send(await createSegment(app.db, ws(request), request.body)),
  );

  app.post(
    '/api/v1/segments/preview',
    {
      schema: {
        tags,
        summary: "A rule's member count now and up to 20 sample members, before saving",
        description: 'Nothing is written. `key` is the key of the segment being edited, so a reference back to it is refused as a cycle.',
        security: adminSecurity,
        body: SegmentPreviewBody,
        response: { 200: SegmentPreviewSchema, ...problemResponses() },
      },
    },
    async (request) => previewSegment(app.db, ws(request), request.body),
  );

  app.get(
    '/api/v1/segments/:id',
    {
      schema: {
        tags,
        summary: 'Get a segment with its rule in words',
        security: adminSecurity,
        params: IdParams,
        response: { 200: SegmentDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => getSegment(app.db, ws(request), request.params.id),
  );

  app.patch(
    '/api/v1/segments/:id',
    {
      schema: {
        tags,
        summary: 'Change a segment (a new version)',
        description: 'Name, description and (dynamic segments) rule. A changed rule is re-evaluated by the recompute worker.',
        security: adminSecurity,
        params: IdParams,
        body: SegmentPatchBody,
        response: { 200: SegmentSchema, ...problemResponses(404) },
      },
    },
    async (request) => updateSegment(app.db, ws(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/segments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a segment',
        description: 'Refused (409) while another segment or a lifecycle transition references it; the error names them.',
        security: adminSecurity,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await deleteSegment(app.db, ws(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/segments/:id/members',
    {
      schema: {
        tags,
        summary: "A segment's members in id order",
        security: adminSecurity,
        params: IdParams,
        querystring: Type.Object(pageQueryProperties, { additionalProperties: false }),
        response: { 200: PageOf(SegmentMemberSchema), ...problemResponses(404) },
      },
    },
    async (request) => listSegmentMembers(app.db, ws(request), request.params.id, request.query),
  );

  app.post(
    '/api/v1/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'Add members to a static segment',
        description: 'All or nothing: an id the workspace does not have refuses the request, naming each (errors[].path /ids/N).',
        security: adminSecurity,
        params: IdParams,
        body: SegmentMembersBody,
        response: { 200: SegmentMembersChangeSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => addSegmentMembers(app.db, ws(request), request.params.id, request.body.ids),
  );

  app.delete(
    '/api/v1/segments/:id/members',
    {
      schema: {
        tags,
        summary: 'Remove members from a static segment',
        description: 'The ids travel in the body. All or nothing, like adding.',
        security: adminSecurity,
        params: IdParams,
        body: SegmentMembersBody,
        response: { 200: SegmentMembersChangeSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => removeSegmentMembers(app.db, ws(request), request.params.id, request.body.ids),
  );

  app.get(
    '/api/v1/segments/:id/history',
    {
      schema: {
        tags,
        summary: 'Who entered and left the segment, newest first, with the facts that decided it',
        security: adminSecurity,
        params: IdParams,
        querystring: SegmentHistoryQuery,
        response: { 200: PageOf(SegmentHistorySchema), ...problemResponses(404) },
      },
    },
    async (request) => listSegmentHistory(app.db, ws(request), request.params.id, request.query),
  );

  app.get(
    '/api/v1/segments/:id/versions',
    {
      schema: {
        tags,
        summary: "Every version of the segment's definition, newest first",
        security: adminSecurity,
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(SegmentVersionSchema) }), ...problemResponses(404) },
      },
    },
    async (request) => listSegmentVersions(app.db, ws(request), request.params.id),
  );

  for (const subject of ['account', 'contact'] as const) {
    app.get(
      `/api/v1/${subject}s/:id/segments`,
      {
        schema: {
          tags,
          summary: `The segments a${subject === 'account' ? 'n account' : ' contact'} is in now`,
          security: adminSecurity,
          params: IdParams,
          response: { 200: Type.Object({ data: Type.Array(SubjectSegmentSchema) }), ...problemResponses(404) },
        },
      },
      async (request) => listSubjectSegments(app.db, ws(request), subject, request.params.id),
    );
  }
});

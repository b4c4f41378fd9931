import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listContactConsents } from '../../programmes/consent/list-contact-consents.js';
import { setContactConsent } from '../../programmes/consent/set-contact-consent.js';
import type { CareElement } from '../../programmes/model/care-element.js';
import { createCareElement } from '../../programmes/model/create-care-element.js';
import { deleteCareElement } from '../../programmes/model/delete-care-element.js';
import { getCareCoverage } from '../../programmes/model/get-care-coverage.js';
import { getCareElement } from '../../programmes/model/get-care-element.js';
import { getCareMatrix } from '../../programmes/model/get-care-matrix.js';
import { getCareSettings } from '../../programmes/model/get-care-settings.js';
import { listCareElementVersions } from '../../programmes/model/list-care-element-versions.js';
import { listCareElements } from '../../programmes/model/list-care-elements.js';
import { updateCareElement } from '../../programmes/model/update-care-element.js';
import { updateCareSettings } from '../../programmes/model/update-care-settings.js';
import { getProgrammeResults } from '../../programmes/results/get-programme-results.js';
import { createWebhookEndpoint } from '../../programmes/webhooks/create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from '../../programmes/webhooks/delete-webhook-endpoint.js';
import { listWebhookEndpoints } from '../../programmes/webhooks/list-webhook-endpoints.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import {
  CareCoverageSchema,
  CareElementCreateBody,
  CareElementDeleteQuery,
  CareElementListQuery,
  CareElementPatchBody,
  CareElementSchema,
  CareElementVersionSchema,
  CareMatrixSchema,
  CareSettingsPatchBody,
  CareSettingsSchema,
  ConsentBody,
  ConsentSchema,
  CreatedWebhookEndpointSchema,
  ElementParams,
  ProgrammeResultsSchema,
  SubjectTypeQuery,
  WebhookEndpointCreateBody,
  WebhookEndpointSchema,
} from '../schemas/care-schema.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['programmes'];

function present(e: CareElement) {
  return {
    id: e.id,
    key: e.key,
    subject_type: e.subjectType,
    version: e.version,
    enabled: e.enabled,
    definition: e.definition as unknown as Record<string, unknown>,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

/** /api/v1/programmes: the care model (elements, matrix, coverage, settings), webhook endpoints, consents and results. */
export const programmesRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ws = (request: Parameters<typeof principalOf>[0]) => principalOf(request).workspaceId;
  const base = '/api/v1/programmes';

  app.get(
    `${base}/elements`,
    {
      schema: {
        tags,
        summary: 'List care elements by key',
        security: adminSecurity,
        querystring: CareElementListQuery,
        response: { 200: Type.Object({ data: Type.Array(CareElementSchema) }), ...problemResponses() },
      },
    },
    async (request) => ({ data: (await listCareElements(app.db, ws(request), request.query)).data.map(present) }),
  );

  app.post(
    `${base}/elements`,
    {
      schema: {
        tags,
        summary: 'Create a care element (version 1, disabled unless enabled: true)',
        description: 'The definition is checked against the workspace; every problem is named with its JSON pointer in errors[].path (e.g. /definition/steps/2/then).',
        security: adminSecurity,
        body: CareElementCreateBody,
        response: { 201: CareElementSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => reply.code(201).send(present(await createCareElement(app.db, ws(request), request.body))),
  );

  app.get(
    `${base}/elements/:id`,
    {
      schema: { tags, summary: 'Get a care element by id or key', security: adminSecurity, params: ElementParams, response: { 200: CareElementSchema, ...problemResponses(404) } },
    },
    async (request) => present(await getCareElement(app.db, ws(request), request.params.id)),
  );

  app.patch(
    `${base}/elements/:id`,
    {
      schema: {
        tags,
        summary: 'Save a new version of a care element',
        description: 'A new definition and/or enabled. Runs under way follow the new version for the steps they have not run yet.',
        security: adminSecurity,
        params: ElementParams,
        body: CareElementPatchBody,
        response: { 200: CareElementSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => present(await updateCareElement(app.db, ws(request), request.params.id, request.body)),
  );

  app.delete(
    `${base}/elements/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a care element',
        description: 'Refused (409) when it has runs, unless force=true; disabling keeps its history and results.',
        security: adminSecurity,
        params: ElementParams,
        querystring: CareElementDeleteQuery,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCareElement(app.db, ws(request), request.params.id, { force: request.query.force ?? false });
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/elements/:id/versions`,
    {
      schema: {
        tags,
        summary: "Every saved version of a care element, newest first",
        security: adminSecurity,
        params: ElementParams,
        response: { 200: Type.Object({ data: Type.Array(CareElementVersionSchema) }), ...problemResponses(404) },
      },
    },
    async (request) => listCareElementVersions(app.db, ws(request), request.params.id),
  );

  app.get(
    `${base}/elements/:id/results`,
    {
      schema: {
        tags,
        summary: "A care element's results: reach, actions, messages, tasks and its outcome, treated against control",
        description: "The outcome difference carries a 95 % interval (Newcombe's hybrid score method) over runs whose outcome window has ended.",
        security: adminSecurity,
        params: ElementParams,
        response: { 200: ProgrammeResultsSchema, ...problemResponses(404) },
      },
    },
    async (request) => getProgrammeResults(app.db, ws(request), request.params.id),
  );

  app.get(
    `${base}/matrix`,
    {
      schema: {
        tags,
        summary: 'The care model matrix: stages x segments holding elements, and content x personas',
        security: adminSecurity,
        querystring: SubjectTypeQuery,
        response: { 200: CareMatrixSchema, ...problemResponses() },
      },
    },
    async (request) => getCareMatrix(app.db, ws(request), request.query.subject_type ?? 'account'),
  );

  app.get(
    `${base}/coverage`,
    {
      schema: {
        tags,
        summary: 'Empty cells of the matrix, how many customers no enabled element reaches, and what each buyer persona gets',
        security: adminSecurity,
        querystring: SubjectTypeQuery,
        response: { 200: CareCoverageSchema, ...problemResponses() },
      },
    },
    async (request) => getCareCoverage(app.db, ws(request), request.query.subject_type ?? 'account'),
  );

  app.get(
    `${base}/settings`,
    { schema: { tags, summary: 'Care settings: sender, quiet hours, frequency caps, webhook policy', security: adminSecurity, response: { 200: CareSettingsSchema, ...problemResponses() } } },
    async (request) => getCareSettings(app.db, ws(request)),
  );

  app.patch(
    `${base}/settings`,
    {
      schema: {
        tags,
        summary: 'Change care settings',
        security: adminSecurity,
        body: CareSettingsPatchBody,
        response: { 200: CareSettingsSchema, ...problemResponses() },
      },
    },
    async (request) => updateCareSettings(app.db, ws(request), request.body as never),
  );

  app.get(
    `${base}/webhook-endpoints`,
    {
      schema: {
        tags,
        summary: 'List webhook endpoints (without their secrets)',
        security: adminSecurity,
        response: { 200: Type.Object({ data: Type.Array(WebhookEndpointSchema) }), ...problemResponses() },
      },
    },
    async (request) => listWebhookEndpoints(app.db, ws(request)),
  );

  app.post(
    `${base}/webhook-endpoints`,
    {
      schema: {
        tags,
        summary: 'Add a webhook endpoint; the signing secret is returned once',
        security: adminSecurity,
        body: WebhookEndpointCreateBody,
        response: { 201: CreatedWebhookEndpointSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => reply.code(201).send(await createWebhookEndpoint(app.db, ws(request), request.body)),
  );

  app.delete(
    `${base}/webhook-endpoints/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint',
        description: 'Refused (409) while a care element posts to it.',
        security: adminSecurity,
        params: ElementParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await deleteWebhookEndpoint(app.db, ws(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/contacts/:id/consents`,
    {
      schema: {
        tags,
        summary: "A contact's consent per purpose (email)",
        security: adminSecurity,
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(ConsentSchema) }), ...problemResponses(404) },
      },
    },
    async (request) => listContactConsents(app.db, ws(request), request.params.id),
  );

  app.put(
    `${base}/contacts/:id/consents`,
    {
      schema: {
        tags,
        summary: "Record a contact's consent for one purpose",
        description: 'Marketing is sent only with consent granted; service messages and surveys unless withdrawn.',
        security: adminSecurity,
        params: IdParams,
        body: ConsentBody,
        response: { 200: ConsentSchema, ...problemResponses(404) },
      },
    },
    async (request) => setContactConsent(app.db, ws(request), request.params.id, request.body),
  );
});

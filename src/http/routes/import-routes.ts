import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../errors/app-error.js';
import { createImportJob } from '../../import/create-import-job.js';
import { getImportJob } from '../../import/get-import-job.js';
import { IMPORT_JOB_STATUSES } from '../../import/import-job.js';
import { ImportJobRegistry } from '../../import/import-job-registry.js';
import { IMPORT_FORMATS, IMPORT_KINDS } from '../../import/import-target.js';
import { listImportJobs } from '../../import/list-import-jobs.js';
import { readImportRejects } from '../../import/read-import-rejects.js';
import { runImportJob } from '../../import/run-import-job.js';
import type { FastifyInstance } from 'fastify';
import { hashToken } from '../../workspaces/api-key-token.js';
import { adminScope } from '../admin-scope.js';
import { presentedKey, principalOf, requireKey } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { Nullable } from '../schemas/nullable.js';
import { PageOf, pageQueryProperties } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import { ProblemSchema } from '../schemas/problem-schema.js';
import { TimestampSchema } from '../schemas/timestamp-schema.js';

const tags = ['imports'];

/** Upload limit of PUT /api/v1/imports/{id}/file (the body is streamed, never held in memory). */
export const IMPORT_FILE_LIMIT = 2 * 1024 * 1024 * 1024;

const ImportIssueSchema = Type.Object({
  line: Type.Integer({ description: 'Line of the file (1 = the header line)' }),
  field: Nullable(Type.String({ description: 'The target field to blame, if one is' })),
  message: Type.String(),
});

const ImportJobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(IMPORT_KINDS),
  format: Type.Enum(IMPORT_FORMATS),
  skip_invalid: Type.Boolean(),
  status: Type.Enum(IMPORT_JOB_STATUSES),
  bytes_read: Type.Integer(),
  bytes_total: Nullable(Type.Integer({ description: 'From Content-Length; null if the upload is chunked' })),
  rows_read: Type.Integer(),
  rows_imported: Type.Integer(),
  rows_rejected: Type.Integer(),
  errors: Type.Array(ImportIssueSchema, { description: 'The first 1000 problems, by line' }),
  error_summary: Nullable(Type.String()),
  created_at: TimestampSchema,
  started_at: Nullable(TimestampSchema),
  finished_at: Nullable(TimestampSchema),
});

const CreateImportBody = Type.Object(
  {
    kind: Type.Enum(IMPORT_KINDS),
    format: Type.Optional(Type.Enum(IMPORT_FORMATS, { default: 'csv', description: 'csv (with a header line) or cdnow (orders only)' })),
    skip_invalid: Type.Optional(
      Type.Boolean({ default: false, description: 'Import the valid rows and keep the invalid ones for GET .../rejects, instead of rejecting the file' }),
    ),
    mapping: Type.Optional(
      Type.Record(Type.String(), Type.String({ minLength: 1 }), { description: '{ "<target field>": "<source column header>" }' }),
    ),
  },
  { additionalProperties: false },
);

/** The request body as the import reads it; a broken-off upload fails the job with a clear reason. */
async function* uploaded(body: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
  } catch (e) {
    throw new AppError('bad_request', `The upload broke off before the end of the file (${(e as Error).message})`);
  }
}

/** /api/v1/imports: CSV and CDNOW imports as jobs with progress. */
export async function importRoutes(server: FastifyInstance): Promise<void> {
  const registry = new ImportJobRegistry();
  await server.register(jobRoutes(registry));
  await server.register(pollRoute(registry));
}

const jobRoutes = (registry: ImportJobRegistry) => adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  // The file body passes through as a stream (this plugin's scope only): the import reads it once.
  app.addContentTypeParser(['text/csv', 'application/octet-stream'], (request, payload, done) => {
    const length = Number(request.headers['content-length']);
    if (length > IMPORT_FILE_LIMIT) done(new AppError('payload_too_large', `The file is larger than the limit of ${IMPORT_FILE_LIMIT} bytes`), undefined);
    else done(null, payload);
  });

  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'Create an import job',
        description: 'Then PUT the file to /api/v1/imports/{id}/file and poll GET /api/v1/imports/{id}.',
        security: adminSecurity,
        body: CreateImportBody,
        response: { 201: ImportJobSchema, ...problemResponses() },
      },
    },
    async (request, reply) => reply.code(201).send(await createImportJob(app.db, principalOf(request).workspaceId, request.body)),
  );

  app.put(
    '/api/v1/imports/:id/file',
    {
      bodyLimit: IMPORT_FILE_LIMIT,
      schema: {
        tags,
        summary: 'Upload the file of an import job and run it',
        description:
          'The body is the raw file (Content-Type text/csv or application/octet-stream), streamed. Answers when the import has ' +
          'finished, with status succeeded or failed; a file with invalid rows fails whole unless the job has skip_invalid.',
        security: adminSecurity,
        params: IdParams,
        consumes: ['text/csv', 'application/octet-stream'],
        // Documentation only (no type to check): the body reaches the handler as a stream.
        body: Type.Unsafe<unknown>({ description: 'The raw file: CSV with a header line, or CDNOW text' }),
        response: { 200: ImportJobSchema, ...problemResponses(404, 409), 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request) => {
      const body = request.body as unknown;
      if (!(body instanceof Readable)) {
        throw new AppError('unsupported_media_type', 'Send the file as the request body with Content-Type text/csv or application/octet-stream');
      }
      const length = Number(request.headers['content-length']);
      const principal = principalOf(request);
      try {
        return await runImportJob(app.db, registry, principal.workspaceId, request.params.id, {
          source: uploaded(body),
          bytesTotal: Number.isFinite(length) ? length : null,
          maxBytes: IMPORT_FILE_LIMIT,
          starter: { tokenHash: hashToken(presentedKey(request)!), principal },
        });
      } finally {
        // A file rejected at its header is not read to the end: drain it so the client gets the answer.
        if (!body.readableEnded) body.resume();
      }
    },
  );

  app.get(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'List import jobs, newest first',
        security: adminSecurity,
        querystring: Type.Object(pageQueryProperties),
        response: { 200: PageOf(ImportJobSchema), ...problemResponses() },
      },
    },
    async (request) => listImportJobs(app.db, registry, principalOf(request).workspaceId, request.query),
  );

  app.get(
    '/api/v1/imports/:id/rejects',
    {
      schema: {
        tags,
        summary: 'The rejected rows of a skip_invalid import, as CSV',
        description: 'Columns kanta_line and kanta_errors, then the row as read. A corrected file imports again as it is.',
        security: adminSecurity,
        params: IdParams,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv' }), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const csv = await readImportRejects(app.db, principalOf(request).workspaceId, request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${request.params.id}-rejects.csv"`)
        .send(Readable.from(csv));
    },
  );
});

/**
 * GET /api/v1/imports/{id}, polled while the file uploads. The key that uploaded a running job's
 * file is recognised from memory: on PGlite the one database connection is inside the import's
 * transaction until it ends, and an API key lookup would wait for it.
 */
const pollRoute = (registry: ImportJobRegistry) => async (instance: FastifyInstance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', async (request) => {
    const token = presentedKey(request);
    const id = Number((request.params as { id?: string }).id);
    const starter = token && Number.isSafeInteger(id) ? registry.starterOf(id, hashToken(token)) : undefined;
    if (starter) request.principal = starter;
    else await requireKey(app.db, request, 'admin');
  });

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import job with its progress',
        security: adminSecurity,
        params: IdParams,
        response: { 200: ImportJobSchema, ...problemResponses(404) },
      },
    },
    async (request) => getImportJob(app.db, registry, principalOf(request).workspaceId, request.params.id),
  );
};

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { getRecomputeJob } from '../../recompute/get-recompute-job.js';
import { RECOMPUTE_JOB_STATUSES, RecomputeJobRegistry } from '../../recompute/recompute-job-registry.js';
import { startRecomputeJob } from '../../recompute/start-recompute-job.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { Nullable } from '../schemas/nullable.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import { TimestampSchema } from '../schemas/timestamp-schema.js';

const tags = ['recompute'];

const Counts = (props: string[]) => Type.Object(Object.fromEntries(props.map((p) => [p, Type.Integer()])));

const RecomputeJobSchema = Type.Object(
  {
    id: Type.Integer(),
    status: Type.Enum(RECOMPUTE_JOB_STATUSES),
    done: Type.Integer({ description: 'Subjects done over all steps (a subject counts once per step: segments, stages, segments)' }),
    total: Type.Integer(),
    started_at: TimestampSchema,
    finished_at: Nullable(TimestampSchema),
    result: Nullable(
      Type.Object({
        subjects: Counts(['account', 'contact']),
        segments: Counts(['evaluated', 'entered', 'exited']),
        stages: Counts(['placed', 'moved', 'reset', 'removed']),
        batches: Type.Integer(),
        ms: Type.Integer(),
      }),
    ),
    error: Nullable(Type.String()),
  },
  { title: 'RecomputeJob' },
);

/** /api/v1/recompute: full recomputes of segments and lifecycle stages as jobs with progress. */
export async function recomputeRoutes(server: FastifyInstance): Promise<void> {
  const registry = new RecomputeJobRegistry();
  server.addHook('onClose', async () => registry.close());
  await server.register(
    adminScope(async (instance) => {
      const app = instance.withTypeProvider<TypeBoxTypeProvider>();

      app.post(
        '/api/v1/recompute',
        {
          schema: {
            tags,
            summary: 'Recompute every dynamic segment and lifecycle stage of the workspace',
            description:
              'Starts a job and answers at once (202); poll GET /api/v1/recompute/{id}. While one runs, this returns the running job. ' +
              'Segments and stages also follow the data on their own (the recompute worker): this is for a full pass, e.g. after an import.',
            security: adminSecurity,
            response: { 202: RecomputeJobSchema, ...problemResponses() },
          },
        },
        async (request, reply) => reply.code(202).send(startRecomputeJob(app.db, registry, principalOf(request).workspaceId)),
      );

      app.get(
        '/api/v1/recompute/:id',
        {
          schema: {
            tags,
            summary: 'A recompute job with its progress',
            security: adminSecurity,
            params: IdParams,
            response: { 200: RecomputeJobSchema, ...problemResponses(404) },
          },
        },
        async (request) => getRecomputeJob(registry, principalOf(request).workspaceId, request.params.id),
      );
    }),
  );
}

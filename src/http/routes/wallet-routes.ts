import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getShareOfWallet } from '../../analytics/wallet/get-share-of-wallet.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import { AccountWalletQuery, WalletAccountSchema, WalletQuery, WalletSchema } from '../schemas/wallet-schema.js';

const tags = ['analytics'];

/** Share of wallet and profitability, for the workspace and per account. */
export const walletRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/analytics/share-of-wallet',
    {
      schema: {
        tags,
        summary: 'Share of wallet (revenue against the category spend, known or estimated from firmographics) and profitability, in total and per group',
        security: adminSecurity,
        querystring: WalletQuery,
        response: { 200: WalletSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const q = request.query;
      return getShareOfWallet(app.db, principalOf(request).workspaceId, {
        asOf: q.as_of ? new Date(q.as_of) : null,
        months: q.months ?? null,
        by: q.by ?? null,
        spendTrait: q.spend_trait ?? null,
        costTrait: q.cost_trait ?? null,
        incentiveEvent: q.incentive_event ?? null,
        top: q.top ?? null,
      });
    },
  );

  app.get(
    '/api/v1/accounts/:id/wallet',
    {
      schema: {
        tags: ['accounts', ...tags],
        summary: "An account's share of wallet and profit over the window",
        security: adminSecurity,
        params: IdParams,
        querystring: AccountWalletQuery,
        response: { 200: WalletAccountSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const q = request.query;
      const r = await getShareOfWallet(app.db, principalOf(request).workspaceId, {
        accountId: request.params.id,
        asOf: q.as_of ? new Date(q.as_of) : null,
        months: q.months ?? null,
        spendTrait: q.spend_trait ?? null,
        costTrait: q.cost_trait ?? null,
        incentiveEvent: q.incentive_event ?? null,
      });
      return r.account!;
    },
  );
});

import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import type { CareRuntime } from '../engine/care-runtime.js';
import type { CareStep } from '../model/care-element.js';
import { careStepContext } from '../email/testing/care-step-fixture.js';
import { executeSurveyStep } from './execute-survey-step.js';
import { relaxCareGovernance } from '../governance/testing/relax-care-governance.js';

const satisfaction: CareStep = {
  id: 'nps',
  kind: 'survey',
  survey: 'nps',
  template: {
    subject: { fi: 'Miten olemme onnistuneet?', en: 'How are we doing?' },
    body: { fi: 'Hei {{ contact.first_name }},\n\nvastaa yhteen kysymykseen: {{ survey_url }}', en: 'Hi {{ contact.first_name }},\n\none question: {{ survey_url }}' },
  },
};

describeEachDatabase('NPS survey', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  const runtime: CareRuntime = { mailer: null, publicUrl: 'http://127.0.0.1:3999', workerId: 'test', webhookTimeoutMs: 1000 };
  let accountId: number;
  let contactId: number;
  let path: string;
  let actionId: number;

  beforeAll(async () => {
    await relaxCareGovernance(db(), w());
    const [a] = await db().query<{ id: number }>(`INSERT INTO accounts (workspace_id, name) VALUES ($1, 'Aalto Oy') RETURNING id`, [w()]);
    accountId = a!.id;
    const [c] = await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, account_id, email, first_name, locale) VALUES ($1, $2, 'anna@aalto.example', 'Anna', 'fi') RETURNING id`, [w(), accountId]);
    contactId = c!.id;
  });

  it('sends an invitation with a signed survey link and records the invitation with the message', async () => {
    const ctx = await careStepContext(db(), w(), { subject: { type: 'account', id: accountId }, step: satisfaction, runtime });
    actionId = ctx.action.id;
    // Survey emails need no opt-in (only no withdrawal).
    expect(await executeSurveyStep(ctx)).toMatchObject({ kind: 'done', result: { messages: [{ contact_id: contactId, status: 'outboxed' }] } });
    const [message] = await db().query<{ text_body: string; purpose: string }>(`SELECT text_body, purpose FROM care_messages WHERE workspace_id = $1 AND action_id = $2`, [w(), actionId]);
    expect(message!.purpose).toBe('survey');
    const url = /http:\/\/127\.0\.0\.1:3999(\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(message!.text_body);
    expect(url).not.toBeNull();
    path = url![1]!;
    expect(await db().query(`SELECT contact_id, account_id, survey, answered_at FROM survey_invitations WHERE workspace_id = $1 AND action_id = $2`, [w(), actionId])).toEqual([
      { contact_id: contactId, account_id: accountId, survey: 'nps', answered_at: null },
    ]);
  });

  it('serves the survey page in the contact language with the 0-10 scale', async () => {
    const res = await server.app().inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="fi">');
    expect(res.body).toContain('Hei Anna,');
    expect(res.body).toContain('Kuinka todennäköisesti suosittelisit meitä');
    expect(res.body.match(/type="radio" name="score"/g)).toHaveLength(11);
  });

  it('refuses a score outside 0-10 with the form and a message, recording nothing', async () => {
    const res = await server.app().inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'score=11&comment=x' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Valitse arvio asteikolta 0–10.');
    expect(await db().query(`SELECT 1 FROM events WHERE workspace_id = $1 AND name = 'NPS Answered'`, [w()])).toEqual([]);
  });

  it("records the answer once: the invitation, an 'NPS Answered' event on the contact, queued for recompute", async () => {
    const res = await server.app().inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ score: '3', comment: 'Toimitus myöhästyi <taas>' }).toString() });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Kiitos vastauksestasi!');
    expect(await db().query(`SELECT score, comment FROM survey_invitations WHERE workspace_id = $1 AND action_id = $2`, [w(), actionId])).toEqual([{ score: 3, comment: 'Toimitus myöhästyi <taas>' }]);
    const events = await db().query(`SELECT contact_id, account_id, type, properties FROM events WHERE workspace_id = $1 AND name = 'NPS Answered'`, [w()]);
    expect(events).toEqual([{ contact_id: contactId, account_id: accountId, type: 'system', properties: { score: 3, comment: 'Toimitus myöhästyi <taas>', survey: 'nps', action_id: actionId } }]);
    const queued = await db().query<{ subject_type: string; subject_id: number }>(`SELECT subject_type, subject_id FROM recompute_queue WHERE workspace_id = $1 ORDER BY subject_type`, [w()]);
    expect(queued).toEqual(expect.arrayContaining([{ subject_type: 'account', subject_id: accountId }, { subject_type: 'contact', subject_id: contactId }]));

    const again = await server.app().inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'score=10' });
    expect(again.body).toContain('Olet jo vastannut tähän kyselyyn.');
    expect(await db().query(`SELECT score FROM survey_invitations WHERE workspace_id = $1 AND action_id = $2`, [w(), actionId])).toEqual([{ score: 3 }]);
    expect((await server.app().inject({ method: 'GET', url: path })).body).toContain('Olet jo vastannut tähän kyselyyn.');
  });

  it('refuses a link signed with another key', async () => {
    const forged = `${path.split('.')[0]}.${Buffer.alloc(16).toString('base64url')}`;
    const res = await server.app().inject({ method: 'GET', url: forged, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('This link is not valid');
  });
});

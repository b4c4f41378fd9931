import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { compileRules } from './compile-rule-sql.js';
import { evaluateRule } from './evaluate-rule.js';
import { loadSubjectFacts } from './load-subject-facts.js';
import type { Rule, SubjectType } from './rule.js';
import { ACCOUNT_SEGMENTS, CONTACT_SEGMENTS, insertTestData, NOW, ruleOf, testData } from './testing/rule-test-data.js';
import { validateRule } from './validate-rule.js';

const STAGE_KEYS = ['new', 'customer', 'former'];
const segmentTypes = new Map<string, SubjectType>([
  ...ACCOUNT_SEGMENTS.map((k) => [k, 'account'] as const),
  ...CONTACT_SEGMENTS.map((k) => [k, 'contact'] as const),
]);

describeEachDatabase('compiled SQL and the JavaScript evaluator agree', ({ db }) => {
  let run = 0;

  it('on random rules over random data, for every subject', async () => {
    await fc.assert(
      fc.asyncProperty(
        testData,
        fc.array(ruleOf('account'), { minLength: 1, maxLength: 3 }),
        fc.array(ruleOf('contact'), { minLength: 1, maxLength: 2 }),
        fc.record({ lo: fc.nat(4), width: fc.nat(3) }),
        async (data, accountRules, contactRules, scope) => {
          const ws = await createWorkspace(db(), { slug: `agree-${run++}`, name: 'agree' });
          const segmentIds = await insertTestData(db(), ws.id, data);
          const subjects: [SubjectType, Rule[], number[]][] = [
            ['account', accountRules, data.accounts.map((a) => a.id)],
            ['contact', contactRules, data.contacts.map((c) => c.id)],
          ];
          for (const [subject, rules, ids] of subjects) {
            for (const [i, r] of rules.entries()) {
              const v = validateRule(r, { subject, segments: segmentTypes, stages: STAGE_KEYS, contactStages: STAGE_KEYS });
              expect(v.ok, `rule ${i} should be valid: ${JSON.stringify(v)}`).toBe(true);
            }
            const c = compileRules(rules, { subject, segmentIds });
            const cols = rules.map((_, i) => `${c.predicates[i]} AS r${i}, ${c.factsJson[i]} AS j${i}`).join(', ');
            const sql = `SELECT f.subject_id, ${cols} FROM (${c.factsSql}) f ORDER BY f.subject_id`;
            const rows = await db().query<Record<string, unknown>>(sql, [ws.id, NOW, null, null, null, ...c.params]);
            expect(rows.map((r) => Number(r.subject_id))).toEqual(ids);
            for (const row of rows) {
              const id = Number(row.subject_id);
              const facts = await loadSubjectFacts(db(), ws.id, subject, id, rules, NOW);
              expect(facts).not.toBeNull();
              rules.forEach((rule, i) => {
                const e = evaluateRule(rule, facts!, NOW);
                expect(row[`r${i}`], `${subject} ${id}, rule ${i}: ${JSON.stringify(rule)}\nwhy (SQL): ${JSON.stringify(row[`j${i}`])}\nJS: ${JSON.stringify(e, null, 1)}`).toBe(e.result);
                expect(typeof row[`j${i}`]).toBe('object');
              });
            }
            // The same facts restricted to an id range, and to a list of ids (compiled both ways:
            // the range's plan filtering the ids, and each subject read through the indexes).
            const byIds = compileRules(rules, { subject, segmentIds, byIds: true });
            const byIdsSql = `SELECT f.subject_id, ${rules.map((_, i) => `${byIds.predicates[i]} AS r${i}, ${byIds.factsJson[i]} AS j${i}`).join(', ')}
                                FROM (${byIds.factsSql}) f ORDER BY f.subject_id`;
            const lo = subject === 'account' ? scope.lo + 1 : scope.lo + 101;
            const list = [lo + scope.width, lo, lo, 999_999];
            const ranged = await db().query<Record<string, unknown>>(sql, [ws.id, NOW, lo, lo + scope.width, null, ...c.params]);
            const listed = await db().query<Record<string, unknown>>(sql, [ws.id, NOW, null, null, list, ...c.params]);
            const looked = await db().query<Record<string, unknown>>(byIdsSql, [ws.id, NOW, null, null, list, ...byIds.params]);
            const everyone = await db().query<Record<string, unknown>>(byIdsSql, [ws.id, NOW, null, null, ids, ...byIds.params]);
            const full = new Map(rows.map((r) => [Number(r.subject_id), r]));
            expect(ranged.map((r) => Number(r.subject_id))).toEqual(ids.filter((id) => id >= lo && id < lo + scope.width));
            expect(listed.map((r) => Number(r.subject_id))).toEqual(ids.filter((id) => id === lo || id === lo + scope.width));
            expect(looked).toEqual(listed);
            expect(everyone).toEqual(rows);
            for (const r of [...ranged, ...listed]) expect(r).toEqual(full.get(Number(r.subject_id)));
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

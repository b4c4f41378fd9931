import type { Database } from '../../db/database.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { checkCareElement } from './check-care-element.js';
import { CARE_MODEL_FORMAT } from './export-care-model.js';
import { CARE_ELEMENT_COLUMNS, toCareElement, type CareElementRow } from './find-care-element.js';
import { saveCareElementVersion } from './save-care-element-version.js';
import { CARE_ELEMENT_KEY_PATTERN } from './validate-care-element.js';

export interface ImportCareModelResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Loads a care model document (as `exportCareModel` writes it) all or nothing: new keys are
 * created, changed elements get a new version, equal ones are left alone; elements the
 * workspace has but the document lacks are kept. Every problem is named by its JSON pointer
 * in the document (/elements/3/definition/steps/0/...), and then nothing is written.
 */
export async function importCareModel(db: Database, workspaceId: number, doc: unknown): Promise<ImportCareModelResult> {
  const d = doc as { format?: unknown; version?: unknown; elements?: unknown };
  if (typeof doc !== 'object' || doc === null || d.format !== CARE_MODEL_FORMAT || d.version !== 1 || !Array.isArray(d.elements)) {
    throw new AppError('validation_failed', `Not a care model document: expected { "format": "${CARE_MODEL_FORMAT}", "version": 1, "elements": [...] }`, [
      { path: '', message: `must be a ${CARE_MODEL_FORMAT} document, version 1, with an elements array` },
    ]);
  }
  const items = d.elements as Record<string, unknown>[];
  return db.transaction(async (tx) => {
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    const checked: { key: string; subject: 'account' | 'contact'; enabled: boolean; definition: Awaited<ReturnType<typeof checkCareElement>> }[] = [];
    for (const [i, item] of items.entries()) {
      const at = `/elements/${i}`;
      const key = item?.key;
      const subject = item?.subject_type;
      if (typeof key !== 'string' || !new RegExp(CARE_ELEMENT_KEY_PATTERN).test(key)) issues.push({ path: `${at}/key`, message: 'must be a care element key' });
      else if (seen.has(key)) issues.push({ path: `${at}/key`, message: `repeats "${key}"` });
      if (subject !== 'account' && subject !== 'contact') issues.push({ path: `${at}/subject_type`, message: 'must be account or contact' });
      if (item?.enabled !== undefined && typeof item.enabled !== 'boolean') issues.push({ path: `${at}/enabled`, message: 'must be true or false' });
      if (typeof key !== 'string' || (subject !== 'account' && subject !== 'contact')) continue;
      seen.add(key);
      try {
        checked.push({ key, subject, enabled: item.enabled === true, definition: await checkCareElement(tx, workspaceId, subject, item.definition, `${at}/definition`) });
      } catch (e) {
        if (e instanceof AppError && e.code === 'validation_failed') issues.push(...e.issues);
        else throw e;
      }
    }
    if (issues.length > 0) {
      throw new AppError('validation_failed', `The care model was not imported: ${issues.slice(0, 5).map((x) => `${x.path} ${x.message}`).join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`, issues);
    }
    const result: ImportCareModelResult = { created: [], updated: [], unchanged: [] };
    for (const [i, e] of checked.entries()) {
      const [row] = await tx.query<CareElementRow>(`SELECT ${CARE_ELEMENT_COLUMNS} FROM care_elements e WHERE e.workspace_id = $1 AND e.key = $2 FOR UPDATE`, [workspaceId, e.key]);
      if (!row) {
        const [created] = await tx.query<{ id: number }>(
          'INSERT INTO care_elements (workspace_id, key, subject_type, enabled, definition) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id',
          [workspaceId, e.key, e.subject, e.enabled, JSON.stringify(e.definition)],
        );
        await tx.execute('INSERT INTO care_element_versions (workspace_id, element_id, version, enabled, definition) VALUES ($1, $2, 1, $3, $4::jsonb)', [
          workspaceId,
          created!.id,
          e.enabled,
          JSON.stringify(e.definition),
        ]);
        result.created.push(e.key);
      } else if (row.subject_type !== e.subject) {
        throw new AppError('validation_failed', `Care element "${e.key}" is for ${row.subject_type}s here, not ${e.subject}s`, [
          { path: `/elements/${i}/subject_type`, message: `must be ${row.subject_type}, as the existing element` },
        ]);
      } else if (row.enabled === e.enabled && same(row.definition, e.definition)) {
        result.unchanged.push(e.key);
      } else {
        await saveCareElementVersion(tx, workspaceId, toCareElement(row), { enabled: e.enabled, definition: e.definition });
        result.updated.push(e.key);
      }
    }
    return result;
  });
}

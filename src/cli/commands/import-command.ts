import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../errors/app-error.js';
import { importFile, type ImportResult } from '../../import/import-file.js';
import { IMPORT_FORMATS, IMPORT_KINDS, type ImportFormat, type ImportIssue, type ImportKind } from '../../import/import-target.js';
import { checkMapping } from '../../import/plan-columns.js';
import { kindSpec } from '../../import/plan-csv-import.js';
import { rejectFile } from '../../import/write-reject-file.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { readJsonFile } from '../read-json-file.js';
import { report } from '../output.js';
import { progressBar } from '../progress.js';

type ImportOpts = GlobalOptions & {
  workspace?: string;
  format: string;
  mapping?: string;
  skipInvalid?: boolean;
  rejectFile?: string;
  delimiter?: string;
};

const n = (x: number) => x.toLocaleString('en');
const rows = (x: number) => `${n(x)} row${x === 1 ? '' : 's'}`;

function fileSize(path: string, what: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError('bad_request', code === 'ENOENT' ? `${what} not found: ${path}` : `Cannot read ${what.toLowerCase()} ${path}: ${(e as Error).message}`);
  }
  if (!stat.isFile()) throw new AppError('bad_request', `${what} ${path} is not a file`);
  return stat.size;
}

function readMapping(path: string, kind: ImportKind): Record<string, string> {
  fileSize(path, 'Mapping file');
  const parsed = readJsonFile(path, `Mapping file ${path}`);
  try {
    return checkMapping(kindSpec(kind), parsed);
  } catch (e) {
    if (isAppError(e)) throw new AppError(e.code, `Mapping file ${path} is not valid for ${kind}:`, e.issues);
    throw e;
  }
}

function issueLine(issue: ImportIssue): string {
  return `line ${issue.line}: ${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

function summary(result: ImportResult, file: string, rejectPath: string | null): string {
  const seconds = (result.elapsed_ms / 1000).toFixed(1);
  const counts = `${rows(result.rows_read)} read, ${n(result.rows_imported)} imported, ${n(result.rows_rejected)} rejected in ${seconds} s (${n(result.rows_per_second)} rows/s)`;
  if (result.status === 'failed') {
    const why = result.error_summary ?? 'the file has invalid rows';
    return `Rejected ${file}: ${why}.\n${counts}.\nNothing was imported: fix the rows listed above, or use --skip-invalid to import the valid ones.`;
  }
  const lines = [`Imported ${result.kind} from ${file}: ${counts}.`];
  for (const [table, c] of Object.entries(result.changes)) lines.push(`  ${table}: ${n(c.inserted)} new, ${n(c.updated)} changed`);
  if (rejectPath) lines.push(`Rejected rows, with their reasons: ${rejectPath}`);
  return lines.join('\n');
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import a CSV file of accounts, contacts, orders or events (or CDNOW orders); all of it or nothing')
    .argument('<kind>', IMPORT_KINDS.join(' | '))
    .argument('<file>', 'the file to import (CSV with a header line, or a CDNOW .txt with --format cdnow)')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .option('--format <format>', `file format: ${IMPORT_FORMATS.join(' | ')} (cdnow: orders only)`, 'csv')
    .option('--mapping <file>', 'JSON file { "<target field>": "<source column header>" }')
    .option('--skip-invalid', 'import the valid rows and write the invalid ones to the reject file')
    .option('--reject-file <file>', 'where --skip-invalid writes rejected rows (default <file>.rejects.csv)')
    .option('--delimiter <char>', 'CSV field delimiter: one character, or tab (default ,)')
    .action(async (kindArg: string, file: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals<ImportOpts>();
      if (!(IMPORT_KINDS as readonly string[]).includes(kindArg)) {
        throw new AppError('bad_request', `Unknown import kind "${kindArg}": use ${IMPORT_KINDS.join(', ')}`);
      }
      const kind = kindArg as ImportKind;
      if (!(IMPORT_FORMATS as readonly string[]).includes(g.format)) {
        throw new AppError('bad_request', `Unknown --format "${g.format}": use ${IMPORT_FORMATS.join(' or ')}`);
      }
      const format = g.format as ImportFormat;
      if (format === 'cdnow' && kind !== 'orders') throw new AppError('bad_request', `--format cdnow imports orders, not ${kind}`);
      if (format === 'cdnow' && g.mapping) throw new AppError('bad_request', '--mapping applies to CSV files; the cdnow format has fixed columns');
      if (g.rejectFile && !g.skipInvalid) throw new AppError('bad_request', '--reject-file needs --skip-invalid (without it a file with invalid rows is rejected whole)');
      const delimiter = g.delimiter === 'tab' || g.delimiter === '\\t' ? '\t' : g.delimiter;
      if (delimiter !== undefined && delimiter.length !== 1) throw new AppError('bad_request', `--delimiter must be one character (or tab), got "${g.delimiter}"`);
      const bytesTotal = fileSize(file, 'File');
      const mapping = g.mapping ? readMapping(g.mapping, kind) : null;
      const rejectPath = g.skipInvalid ? (g.rejectFile ?? `${file}.rejects.csv`) : null;
      const json = !!g.json;

      const rejects = rejectPath ? rejectFile(rejectPath) : null;
      const result = await withDatabase(configFrom(g), async (db) => {
        const ws = await resolveWorkspace(db, g.workspace);
        const bar = progressBar(`Importing ${basename(file)}`, 'bytes', json);
        const tty = process.stderr.isTTY;
        try {
          return await importFile(db, ws.id, {
            kind,
            format,
            source: createReadStream(file, { highWaterMark: 256 * 1024 }),
            bytesTotal,
            mapping,
            skipInvalid: !!g.skipInvalid,
            ...(rejects ? { rejects } : {}),
            ...(delimiter !== undefined ? { delimiter } : {}),
            onProgress: (done, total) => bar.onProgress(done, total),
            onIssue: (issue) => process.stderr.write(`${tty && !json ? '\r\x1b[2K' : ''}${issueLine(issue)}\n`),
          });
        } finally {
          bar.stop();
          await rejects?.close();
        }
      });
      const written = rejects && rejects.written > 0 ? rejectPath : null;
      report(json, { ...result, file, reject_file: written }, () => summary(result, file, written));
      if (result.status === 'failed') process.exitCode = 1;
    });
}

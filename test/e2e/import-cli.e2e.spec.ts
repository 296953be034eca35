import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { generateSigningKey } from '#event-store';
import { READ_MODEL_PROJECTORS } from '#projections';
import { runLiveUntil, scratchDatabase, type ScratchDatabase } from '#projections-testing';
import { runCli } from './cli-process.ts';

const EXAMPLE = 'docs/examples/past-cases-import.example.csv';

/**
 * `npm run cli -- import` as shipped (dist/scripts/cli.js), on a database of its own: the documented
 * example file (CSV) and the same cases as a workbook (xlsx, under other 受付番号 and recipients).
 */
describe('npm run cli -- import (past years’ cases)', () => {
  let db: ScratchDatabase;
  let dir: string;
  const cli = (...args: string[]) =>
    runCli(args, {
      DATABASE_URL: db.url,
      AUDIT_SIGNING_KEY_FILE: join(dir, 'signing.pem'),
      AUDIT_WITNESS_DIR: join(dir, 'witness'),
    });
  const eventCount = async (): Promise<number> =>
    Number((await db.pool.query('SELECT count(*) AS n FROM event_store.events')).rows[0].n);

  let header: string[];
  let rows: string[][];
  const csvOf = (table: string[][]) =>
    table.map((r) => r.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';

  beforeAll(async () => {
    db = await scratchDatabase('zaitaku_cli_import');
    dir = await mkdtemp(join(tmpdir(), 'zaitaku-import-'));
    await writeFile(join(dir, 'signing.pem'), generateSigningKey().privatePem);
    const table = parseCsv(await readFile(EXAMPLE, 'utf8'), { bom: true }) as string[][];
    header = table[0]!;
    rows = table.slice(1);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('a file with a bad cell writes nothing and names the line and column of each error', async () => {
    const bad = rows.map((r) => [...r]);
    const decidedOn = header.indexOf('決定日');
    bad[1]![decidedOn] = '2016/13/1'; // line 3
    bad[2]![header.indexOf('団体コード')] = '131033'; // line 4: no such 団体コード (check digit)
    const file = join(dir, 'bad.csv');
    await writeFile(file, csvOf([header, ...bad]));

    const run = await cli('import', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`line 3, column ${decidedOn + 1} (決定日): not a date — given "2016/13/1"`);
    expect(run.stderr).toContain(
      `line 4, column ${header.indexOf('団体コード') + 1} (団体コード): INVALID_APPLICATION`,
    );
    expect(run.stderr).toContain('import: nothing written — 2 error(s)');
    expect(await eventCount()).toBe(0);

    const json = await cli('import', file, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      error: 'INVALID_IMPORT_FILE',
      written: 0,
      errors: [
        expect.objectContaining({ field: '決定日', value: '2016/13/1', line: 3, column: decidedOn + 1 }),
        expect.objectContaining({ field: '団体コード', value: '131033', line: 4 }),
      ],
    });
    expect(await eventCount()).toBe(0);
  }, 120_000);

  it('imports the example CSV as live cases’ events; a re-run writes nothing and says so', async () => {
    const first = await cli('import', EXAMPLE);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      /^import: 5 rows from past-cases-import\.example\.csv — 5 cases written \(29 events\), 0 already imported/m,
    );
    expect(await eventCount()).toBe(29);

    const again = await cli('import', EXAMPLE);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('nothing written: every case already imported (5)');
    expect(await eventCount()).toBe(29);

    const { rows: stored } = await db.pool.query(
      `SELECT event_type, data, metadata FROM event_store.events WHERE stream_id = 'application-H28-0007' ORDER BY revision`,
    );
    expect(stored.map((e) => e.event_type)).toEqual([
      'ApplicationDrafted',
      'ApplicationSubmitted',
      'ReviewStarted',
      'GrantDecided',
      'PaymentRecorded',
      'PerformanceReported',
      'AmountConfirmed',
      'RefundOrdered',
      'RefundRecorded',
      'ApplicationClosed',
    ]);
    expect(stored[3]!.data).toMatchObject({
      decidedOn: '2016-06-20',
      approverId: 'staff-a02',
      grant: { amount: 5_000_000 },
    });
    expect(stored[3]!.data.recorded).toEqual({
      actorId: 'staff-a02',
      actorRole: 'approver',
      at: '2016-06-20T01:00:00.000Z',
    });
    expect(stored[3]!.metadata).toMatchObject({
      actorId: 'staff-a02',
      source: 'past-cases-import.example.csv:3 平成28年度 補助金台帳(Excel) 行7',
      correlationId: expect.stringMatching(/^import-[0-9a-f]{16}$/),
    });
  }, 120_000);

  it('imports the same cases from an xlsx workbook (dates as date cells), under other 受付番号', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('過年度案件');
    sheet.addRow(header);
    const dateColumns = new Set(header.flatMap((name, i) => (name.endsWith('日') ? [i] : [])));
    for (const r of rows) {
      sheet.addRow(
        r.map((cell, i) => {
          if (i === header.indexOf('受付番号')) return `X${cell}`;
          if (i === header.indexOf('交付先ID')) return `imp-${cell}`;
          if (dateColumns.has(i) && /^\d{4}-\d{2}-\d{2}$/.test(cell)) return new Date(`${cell}T00:00:00Z`);
          return cell;
        }),
      );
    }
    const file = join(dir, 'past-cases.xlsx');
    await workbook.xlsx.writeFile(file);

    const run = await cli('import', file);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('5 cases written (29 events)');
    expect(await eventCount()).toBe(58);
    expect((await cli('import', file)).stdout).toContain('nothing written: every case already imported (5)');
  }, 120_000);

  it('the imported cases project into the read models, which verify, and the log verifies', async () => {
    const head = await db.store.headPosition();
    await runLiveUntil(db, READ_MODEL_PROJECTORS, head);
    const { rows: cases } = await db.pool.query(
      `SELECT application_id, stage, fiscal_year, granted_amount FROM read_model.case_summaries ORDER BY application_id`,
    );
    const expected = [
      ['H23-0001', 'Closed', 2011, '10000000'],
      ['H26-0002', 'Withdrawn', 2014, null],
      ['H27-0011', 'Rejected', 2015, null],
      ['H28-0007', 'Closed', 2016, '5000000'],
      ['H29-0003', 'GrantDecided', 2017, '8500000'],
    ];
    expect(
      cases.map((c) => [
        c.application_id,
        c.stage,
        Number(c.fiscal_year),
        c.granted_amount?.toString() ?? null,
      ]),
    ).toEqual([...expected, ...expected.map(([id, ...rest]) => [`X${id}`, ...rest])]);

    const verified = await cli('projections', 'verify');
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    for (const projector of READ_MODEL_PROJECTORS)
      expect(verified.stdout).toContain(`${projector.name}: IDENTICAL at position`);
    const audit = await cli('audit', 'verify');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain('58 events in 10 streams');
  }, 180_000);
});

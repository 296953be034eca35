import { beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { CollaborationSurveyReport } from '#domain';
import { asSeed001Table, SEED_001_TABLE, seed001Answers, seed001Rounds } from '#domain-testing';
import { loadTokyoMunicipalities } from '#platform';
import type { TokenClaims } from '../../apps/api/src/auth/access-token.ts';
import { bearer } from './access-app.ts';
import { caseworker, municipality } from './cases-app.ts';
import { useCasesApp } from './cases-harness.ts';

const ON = '2017-04-20';

/**
 * Seed 001 through the API: the 27年度 and 28年度 rounds, every municipality's answers, and the report
 * — JSON, CSV, the .xlsx read back with exceljs, the SVG chart — compared with the seed's table.
 */
describe('在宅医療・介護連携推進事業 survey and its report (seed 001)', () => {
  const cases = useCasesApp();
  let codes: string[];
  let island: string;
  const get = async (path: string, who: TokenClaims = caseworker) =>
    request(cases.app.getHttpServer())
      .get(path)
      .set('Authorization', await bearer(who))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    const municipalities = await loadTokyoMunicipalities();
    codes = municipalities.filter((m) => !m.island).map((m) => m.code);
    island = municipalities.find((m) => m.island)!.code;
    const rounds = seed001Rounds(codes);
    for (const [year, round, itemSetVersion] of [
      ['h27', rounds.h27, 'H27'],
      ['h28', rounds.h28, 'H28'],
    ] as const) {
      const opened = await cases.client.post(
        `/collaboration-surveys/${round.fiscalYear}`,
        caseworker,
        { ...round.basis, itemSetVersion },
        ON,
      );
      expect([opened.status, opened.body.n]).toEqual([201, 53]);
      let i = 0;
      for (const [code, answers] of seed001Answers(year, codes)) {
        // most municipalities answer for themselves; every fifth sent paper, entered by a caseworker
        const paper = i++ % 5 === 0;
        const body = {
          municipalityCode: code,
          answers,
          ...(paper ? { source: { reference: `医政第${i}号`, receivedOn: '2017-04-10' } } : {}),
        };
        const who = paper ? caseworker : municipality(code);
        let answered = await cases.client.post(
          `/collaboration-surveys/${round.fiscalYear}/answers`,
          who,
          body,
          ON,
        );
        // the test database keeps earlier runs: a different earlier answer is corrected, with its reason
        if (answered.status === 409) {
          answered = await cases.client.post(
            `/collaboration-surveys/${round.fiscalYear}/answers`,
            who,
            { ...body, reason: '再集計による訂正' },
            ON,
          );
        }
        expect(answered.status).toBe(201);
      }
    }
  });

  it('answers the report as JSON: seed 001’s table row by row, △ and the blank included', async () => {
    const res = await cases.client.get('/collaboration-surveys/2016/report', caseworker);
    expect(res.status).toBe(200);
    const report = res.body as CollaborationSurveyReport;
    expect(report).toMatchObject({
      fiscalYear: 2016,
      previousFiscalYear: 2015,
      n: 53,
      previousN: 53,
      answered: 53,
    });
    expect(report.basis.countedAnswers).toEqual(['implemented', 'planned', 'considering']);
    expect(asSeed001Table(report)).toEqual(SEED_001_TABLE);
  });

  it('answers the report as CSV: UTF-8 with BOM, Japanese headers, an attachment', async () => {
    const res = await get('/collaboration-surveys/2016/report?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".*\.csv"; filename\*=UTF-8''/);
    const text = (res.body as Buffer).toString('utf8');
    expect(
      text.startsWith(
        '\uFEFF在宅医療・介護連携推進事業の項目,内容,内容(細目),28年度 区市町村数,28年度 全体の%',
      ),
    ).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[1]).toBe(
      '(ア) 地域の医療・介護資源の把握,地域の医療機関、介護事業者等の住所、連絡先、機能等の把握に向けた取組,,53,100.0,53,100.0,0.0,53',
    );
    expect(lines).toContain(
      '(エ) 医療・介護関係者の情報共有の支援,情報共有ツールについて検討または作成,,35,66.0,32,60.4,5.7,53',
    );
    expect(lines).toContain('(カ) 医療・介護関係者の研修,医療関係者に対する研修,,27,50.9,30,56.6,△5.7,53');
    expect(lines).toContain('(カ) 医療・介護関係者の研修,介護関係者に対する研修,,41,77.4,,,,53');
  });

  it('answers the report as seed 001’s .xlsx: merged header rows, widths, % formats with △, the basis and n', async () => {
    const res = await get('/collaboration-surveys/2016/report?format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toMatch(/\.xlsx"; filename\*=UTF-8''.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const notes = [1, 2, 3, 4].map((r) => String(sheet.getCell(r, 1).value));
    expect(notes[0]).toBe('在宅医療・介護連携推進事業の取組状況 集計結果(27年度・28年度比較)');
    expect(notes[1]).toContain('「28年度末時点」として再調査');
    expect(notes[3]).toBe('※島しょは除く。n=53');
    // header: rows 6–9
    expect(sheet.getCell('A6').value).toBe('在宅医療・介護連携推進事業の項目');
    expect(sheet.getCell('A9').master.address).toBe('A6');
    expect(sheet.getCell('C9').master.address).toBe('B6');
    expect(sheet.getCell('D6').value).toBe('集計状況(n=53)');
    expect(sheet.getCell('H6').master.address).toBe('D6');
    expect([sheet.getCell('D7').value, sheet.getCell('F7').value, sheet.getCell('H7').value]).toEqual([
      '28年度',
      '27年度',
      '28年度-27年度',
    ]);
    expect(sheet.getCell('E7').master.address).toBe('D7');
    expect(sheet.getCell('D8').value).toBe('実施数');
    expect(sheet.getCell('G8').master.address).toBe('D8');
    expect(sheet.getCell('H8').value).toBe('増(△)減');
    expect([4, 5, 6, 7, 8].map((c) => sheet.getCell(9, c).value)).toEqual([
      '区市町村数',
      '全体の%',
      '区市町村数',
      '全体の%',
      '%',
    ]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((c) => sheet.getColumn(c).width)).toEqual([
      30, 44, 16, 11, 11, 11, 11, 14,
    ]);
    const percent = (text: string) => Number(text.replace('△', '-').replace('%', '')) / 100;
    SEED_001_TABLE.forEach((row, i) => {
      const r = 10 + i;
      const labels = row.labels.length === 1 ? [row.labels[0], row.labels[0]] : row.labels;
      const shown = (c: number) => {
        const cell = sheet.getCell(r, c);
        return cell.isMerged ? cell.master.value : cell.value;
      };
      expect(String(shown(1))).toMatch(new RegExp(`^\\(${row.item}\\) `));
      expect([shown(2), shown(3)]).toEqual(labels);
      expect(shown(4)).toBe(row.current[0]);
      expect(shown(5)).toBeCloseTo(percent(row.current[1]), 10);
      expect(shown(6)).toBe(row.previous?.[0] ?? null);
      if (row.previous) expect(shown(7)).toBeCloseTo(percent(row.previous[1]), 10);
      else expect(shown(7)).toBeNull();
      if (row.change) expect(shown(8)).toBeCloseTo(percent(row.change), 10);
      else expect(shown(8)).toBeNull();
      expect(sheet.getCell(r, 4).numFmt).toBe('#,##0');
      expect(sheet.getCell(r, 5).numFmt).toBe('0.0%;"△"0.0%;0.0%');
    });
    // (カ)'s 医療関係者に対する研修: a decrease, shown with △ by the number format
    expect(sheet.getCell(18, 8).value).toBeCloseTo(-0.057, 10);
    expect(sheet.getCell(18, 8).numFmt).toBe('0.0%;"△"0.0%;0.0%');
    // (キ)'s 地域住民向けの普及啓発 over パンフレット等 and ホームページ等
    expect(sheet.getCell('B22').value).toBe('地域住民向けの普及啓発');
    expect(sheet.getCell('B23').master.address).toBe('B22');
    expect(sheet.getCell('A23').master.address).toBe('A20');
  });

  it('answers the report as an SVG bar chart rendered on the server', async () => {
    const res = await get('/collaboration-surveys/2016/report?format=svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = (res.body as Buffer).toString('utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('28年度');
    expect(svg).toContain('27年度');
  });

  it('refuses bad input: an unknown item or municipality (400), a second answer without a reason (409), a missing round (404), an unknown format (400)', async () => {
    const answers = seed001Answers('h28', codes).get(codes[0]!)!;
    const unknown = await cases.client.post(
      '/collaboration-surveys/2016/answers',
      municipality(codes[0]!),
      { municipalityCode: codes[0], answers: { ...answers, 'ke-9': 'implemented' } },
      ON,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: 'UNKNOWN_SURVEY_ITEM',
      field: 'answers.ke-9',
      value: 'ke-9',
    });
    const outside = await cases.client.post(
      '/collaboration-surveys/2016/answers',
      caseworker,
      { municipalityCode: island, answers, source: { reference: '島しょ', receivedOn: '2017-04-10' } },
      ON,
    );
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({
      error: 'MUNICIPALITY_NOT_SURVEYED',
      field: 'municipalityCode',
      value: island,
    });
    const again = await cases.client.post(
      '/collaboration-surveys/2016/answers',
      municipality(codes[0]!),
      { municipalityCode: codes[0], answers: { ...answers, 'ku-1': 'notImplemented' } },
      ON,
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'ANSWER_ALREADY_RECORDED', field: 'reason' });
    const other = await cases.client.post(
      '/collaboration-surveys/2016/answers',
      municipality(codes[1]!),
      { municipalityCode: codes[0], answers },
      ON,
    );
    expect(other.status).toBe(403);
    const missing = await cases.client.get('/collaboration-surveys/9998/report', caseworker);
    expect([missing.status, missing.body.error]).toEqual([404, 'NOT_FOUND']);
    const format = await cases.client.get('/collaboration-surveys/2016/report?format=pdf', caseworker);
    expect(format.status).toBe(400);
    expect(format.body).toMatchObject({
      error: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'format' })],
    });
    const municipalityReads = await cases.client.get(
      '/collaboration-surveys/2016/report',
      municipality(codes[0]!),
    );
    expect(municipalityReads.status).toBe(403);
  });

  it('reports a year with no previous round with the change column blank', async () => {
    const year = 3000 + Math.floor(Math.random() * 6000);
    const opened = await cases.client.post(
      `/collaboration-surveys/${year}`,
      caseworker,
      { referenceDate: `${year + 1}-03-31`, note: '年度末時点の実施数', countedAnswers: ['implemented'] },
      ON,
    );
    expect(opened.status).toBe(201);
    const res = await cases.client.get(`/collaboration-surveys/${year}/report`, caseworker);
    expect(res.status).toBe(200);
    const report = res.body as CollaborationSurveyReport;
    expect(report.previousN).toBeNull();
    expect(
      report.rows.every((r) => r.previous === null && r.changePoints === null && r.changeText === ''),
    ).toBe(true);
    expect(report.rows.every((r) => r.current.count === 0)).toBe(true);
  });
});

import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { NUMBER_FORMATS, xlsxWorkbook } from './xlsx-export.ts';

async function readBack(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

describe('xlsx export', () => {
  it('writes notes, merged header rows, widths and number formats', async () => {
    const buffer = await xlsxWorkbook({
      sheetName: '集計',
      notes: ['取組状況 集計結果', '※島しょは除く。'],
      columns: [
        { width: 30 },
        { width: 10, numFmt: NUMBER_FORMATS.count },
        { width: 10, numFmt: NUMBER_FORMATS.percentPoints },
      ],
      header: [
        [
          { value: '項目', rowSpan: 2 },
          { value: '28年度', colSpan: 2 },
        ],
        ['区市町村数', '増(△)減'],
      ],
      rows: [
        ['(ア)', 53, 0],
        ['(イ)', 27, -0.057],
      ],
      createdAt: new Date('2017-03-31T00:00:00+09:00'),
    });
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const sheet = await readBack(buffer);
    expect(sheet.name).toBe('集計');
    expect(sheet.getCell('A1').value).toBe('取組状況 集計結果');
    expect(sheet.getCell('A1').isMerged).toBe(true);
    // notes, a blank line, then the header at row 4
    expect(sheet.getCell('A4').value).toBe('項目');
    expect(sheet.getCell('A5').master.address).toBe('A4');
    expect(sheet.getCell('C4').master.address).toBe('B4');
    expect(sheet.getCell('B5').value).toBe('区市町村数');
    expect(sheet.getCell('C5').value).toBe('増(△)減');
    expect(sheet.getCell('B6').value).toBe(53);
    expect(sheet.getCell('B6').numFmt).toBe('#,##0');
    expect(sheet.getCell('C7').value).toBe(-0.057);
    expect(sheet.getCell('C7').numFmt).toBe('0.0%;"△"0.0%;0.0%');
    expect(sheet.getColumn(1).width).toBe(30);
    expect(sheet.getColumn(3).width).toBe(10);
  });

  it('merges body cells over several rows and leaves a null cell empty', async () => {
    const sheet = await readBack(
      await xlsxWorkbook({
        sheetName: 's',
        columns: [{ width: 5 }, { width: 5 }, { width: 5, numFmt: NUMBER_FORMATS.points }],
        header: [['a', 'b', 'c']],
        rows: [
          [{ value: 'x', rowSpan: 2 }, 'y', null],
          ['z', { value: 1.5, numFmt: NUMBER_FORMATS.percent }],
        ],
      }),
    );
    expect(sheet.getCell('A3').master.address).toBe('A2');
    expect(sheet.getCell('B3').value).toBe('z');
    expect(sheet.getCell('C2').value).toBeNull();
    expect(sheet.getCell('C3').numFmt).toBe(NUMBER_FORMATS.percent);
  });

  it('refuses a row wider than its columns', async () => {
    await expect(
      xlsxWorkbook({ sheetName: 's', columns: [{ width: 5 }], header: [['a', 'b']], rows: [] }),
    ).rejects.toThrow(RangeError);
  });
});

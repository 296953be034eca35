import type { ReactNode } from 'react';
import { ui } from '../../components/ui.ts';

/** A table of the audit pages: its caption (read out, not shown), its column headers, its rows or `empty`. */
export function AuditTable({
  caption,
  columns,
  rows,
  empty,
}: {
  caption: string;
  columns: readonly string[];
  rows: readonly ReactNode[];
  empty: string;
}) {
  return (
    <div className="overflow-x-auto">
      <table className={ui.table}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={ui.th}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows}
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

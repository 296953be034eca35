import type { ReactNode } from 'react';
import { ui } from './ui.ts';

/**
 * A list as a table: its caption (visible or for screen readers), a column header per heading, the rows,
 * and one row saying `empty` when there are none.
 */
export function ListTable({
  caption,
  captionVisible = false,
  headings,
  empty,
  children,
}: {
  caption: string;
  captionVisible?: boolean;
  headings: readonly string[];
  empty: string;
  children: readonly ReactNode[];
}) {
  return (
    <div className="overflow-x-auto">
      <table className={ui.table}>
        <caption className={captionVisible ? 'mb-2 text-left font-bold' : 'sr-only'}>{caption}</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            {headings.map((heading) => (
              <th key={heading} scope="col" className={ui.th}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {children}
          {children.length === 0 && (
            <tr>
              <td colSpan={headings.length} className="px-3 py-6 text-center">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

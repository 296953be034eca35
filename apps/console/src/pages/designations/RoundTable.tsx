import type { ReactNode } from 'react';
import { ui } from '../../components/ui.ts';

/** A table of the page: its caption (for screen readers), its column headers, its rows. */
export function RoundTable({
  caption,
  columns,
  numeric = [],
  className = '',
  children,
}: {
  caption: string;
  columns: readonly string[];
  /** Columns (by index) whose figures align right. */
  numeric?: readonly number[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={`${ui.table} ${className}`}>
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-solid-gray-50">
        <tr>
          {columns.map((column, index) => (
            <th
              key={column}
              scope="col"
              className={`${ui.th} ${numeric.includes(index) ? 'text-right' : ''}`}
            >
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

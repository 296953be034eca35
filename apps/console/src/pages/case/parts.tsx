import type { ReactNode } from 'react';
import { ui } from '../../components/ui.ts';

/** A part of the case page: a region named by its heading. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className={ui.sectionHeading}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A table's head: one column header per name. */
export function HeaderRow({ names }: { names: readonly string[] }) {
  return (
    <thead className="bg-solid-gray-50">
      <tr>
        {names.map((name) => (
          <th key={name} scope="col" className={ui.th}>
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}

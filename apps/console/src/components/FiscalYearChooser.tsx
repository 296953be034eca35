import type { FormEvent, ReactNode } from 'react';
import { FiscalYear } from './FiscalYear.tsx';
import { ui } from './ui.ts';

/**
 * A fiscal year chosen by its Western year (a native number field), shown beside it in 和暦 (令和8年度),
 * with any other fields of the page's filter as children; `onChoose` gets the form's data.
 */
export function FiscalYearChooser({
  fiscalYear,
  label,
  submit,
  formKey,
  onChoose,
  children,
}: {
  fiscalYear: number;
  label: string;
  submit: string;
  /** The form is re-made when this changes (the URL's query): its fields then show what is chosen. */
  formKey: string;
  onChoose: (form: FormData) => void;
  children?: ReactNode;
}) {
  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChoose(new FormData(event.currentTarget));
  };
  return (
    <form key={formKey} onSubmit={choose} className="mb-6 flex flex-wrap items-end gap-4" aria-label={label}>
      <label className="block text-sm">
        {label}
        <input
          name="fiscalYear"
          type="number"
          min={1989}
          max={9999}
          required
          defaultValue={Number.isInteger(fiscalYear) ? fiscalYear : undefined}
          className={ui.filterField}
        />
      </label>
      {children}
      <button type="submit" className={ui.primaryButton}>
        {submit}
      </button>
      {Number.isInteger(fiscalYear) && (
        <p className="pb-2 text-lg font-bold">
          <FiscalYear year={fiscalYear} />
        </p>
      )}
    </form>
  );
}

/**
 * The console's recurring Tailwind classes on デジタル庁 デザインシステム tokens: one place for the look of
 * fields, buttons and tables, so every page draws them alike.
 */
export const ui = {
  field: 'mt-1 block w-full rounded-8 border border-solid-gray-600 px-3 py-2',
  filterField: 'mt-1 block rounded-8 border border-solid-gray-600 px-3 py-2',
  primaryButton:
    'rounded-8 bg-key-900 px-4 py-2 font-bold text-white hover:bg-key-1000 disabled:bg-solid-gray-300',
  secondaryButton:
    'rounded-8 border border-key-900 px-4 py-2 text-key-900 hover:bg-key-50 disabled:border-solid-gray-300 disabled:text-solid-gray-420',
  link: 'text-blue-1000 underline hover:text-blue-1200',
  table: 'w-full border-collapse text-left text-sm',
  th: 'border-b-2 border-solid-gray-600 px-3 py-2 whitespace-nowrap',
  td: 'border-b border-solid-gray-200 px-3 py-2',
  sectionHeading: 'mb-3 mt-8 text-xl font-bold',
} as const;

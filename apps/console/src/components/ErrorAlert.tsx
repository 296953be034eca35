import type { ApiError } from '../api/client.ts';

/** An api error as the page shows it: its message, and each field's reason under it (README, "Errors"). */
export function ErrorAlert({ error }: { error: ApiError }) {
  return (
    <div role="alert" className="rounded-8 border border-error-2 bg-red-50 p-3 text-error-2">
      <p>{error.message}</p>
      {error.errors?.map((fieldError) => (
        <p key={fieldError.field}>
          {fieldError.field}: {fieldError.reason}
        </p>
      ))}
    </div>
  );
}

/** A row's field errors (`customer_data.first_name: is required`), in the import's check and on the batch page. */
export function RowErrors({ errors }: { errors: ReadonlyArray<{ field: string; message: string }> }) {
  return (
    <ul className="space-y-0.5 text-xs text-red-700" data-testid="row-errors">
      {errors.map((e) => (
        <li key={e.field + e.message}>
          <code className="font-mono">{e.field}</code>: {e.message}
        </li>
      ))}
    </ul>
  );
}

/** Saves `text` as a file named `name` from the browser (the example CSV, the results CSV). */
export function downloadText(name: string, text: string, type = 'text/csv') {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

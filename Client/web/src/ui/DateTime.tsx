const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

export function DateTime({ value, fallback = '—' }: { value: string | null; fallback?: string }) {
  if (value === null) return <>{fallback}</>;
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}

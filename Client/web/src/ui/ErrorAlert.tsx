import { describeError } from './errors';

interface ErrorAlertProps {
  error: unknown;
  onRetry?: () => void;
  /** What to try, when the page knows better than the general advice (such as which quota is full). */
  hint?: string;
}

export function ErrorAlert({ error, onRetry, hint: hintOverride }: ErrorAlertProps) {
  const described = describeError(error);
  const { message } = described;
  const hint = hintOverride ?? described.hint;
  return (
    <div role="alert" className="alert alert-error">
      <p>
        <strong>{message}</strong> {hint}
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

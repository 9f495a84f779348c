import { describeError } from './errors';

interface ErrorAlertProps {
  error: unknown;
  onRetry?: () => void;
}

export function ErrorAlert({ error, onRetry }: ErrorAlertProps) {
  const { message, hint } = describeError(error);
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

import type { Container } from '../api/types';
import { statusTone } from './rules';

/** The status exactly as the API names it (lowercase), coloured by kind; the reason beside it when there is one. */
export function StatusBadge({ container, showReason = true }: { container: Pick<Container, 'status' | 'statusReason'>; showReason?: boolean }) {
  return (
    <span className="container-status">
      <span className={`status-badge status-${statusTone(container.status)}`} data-testid="container-status">
        {container.status}
      </span>
      {showReason && container.statusReason && (
        <span className="status-reason" data-testid="container-status-reason">
          {container.statusReason}
        </span>
      )}
    </span>
  );
}

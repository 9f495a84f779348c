import { Link } from 'react-router';
import { usePageTitle } from '../../ui/usePageTitle';
import { SshKeysSection } from './SshKeysSection';

export const KEYS_PATH = '/keys';

/** /keys: the Account page's SSH keys section on its own, reachable from the navigation and from container pages. */
export function KeysPage() {
  usePageTitle('SSH keys');
  return (
    <div className="page stack-lg">
      <h1 tabIndex={-1}>SSH keys</h1>
      <p className="muted">
        Choose which of these keys may log in to each container on its page under <Link to="/containers">Containers</Link>.
      </p>
      <SshKeysSection title="Your keys" />
    </div>
  );
}

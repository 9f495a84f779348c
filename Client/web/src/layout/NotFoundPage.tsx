import { Link } from 'react-router';
import { usePageTitle } from '../ui/usePageTitle';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <section className="stack">
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is no page at this address. Go to <Link to="/account">your account</Link> or pick a page from the menu.
      </p>
    </section>
  );
}

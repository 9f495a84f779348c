import { ErrorAlert } from './ErrorAlert';
import { Loading } from './Loading';

interface NextPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Load more" for a paged list (useInfiniteQuery); nothing on the last page. */
export function LoadMoreButton({ list }: { list: NextPages }) {
  if (!list.hasNextPage) return null;
  return (
    <button type="button" className="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
      {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
    </button>
  );
}

/** LoadMoreButton on a row of its own under a list. */
export function LoadMore({ list }: { list: NextPages }) {
  if (!list.hasNextPage) return null;
  return (
    <div className="actions">
      <LoadMoreButton list={list} />
    </div>
  );
}

interface FirstAnswer {
  isError: boolean;
  error: unknown;
  refetch: () => Promise<unknown>;
}

/** What a query shows before its first answer: loading, or the error with "Try again". */
export function QueryFallback({ query, loading }: { query: FirstAnswer; loading: string }) {
  return query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : <Loading label={loading} />;
}

import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Page, User } from '../../api/types';
import { allItems, nextCursor } from '../../storage/paging';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadMore, QueryFallback } from '../../ui/Paging';

const PAGE_SIZE = 50;

interface UserItemListProps<T extends { id: string; name: string }> {
  user: User;
  /** What the items are, plural and capitalised ("Containers"): the heading, and in the table's name and the messages. */
  title: string;
  queryKey: QueryKey;
  list: (params: { owner: string; after: string | null; limit: number }, signal?: AbortSignal) => Promise<Page<T>>;
  href: (item: T) => string;
  /** The headers of the columns after Name. */
  columns: readonly string[];
  /** The cells of those columns. */
  cells: (item: T) => ReactNode;
}

/** Admin › Users: a table of what a user owns, each named with a link, paged with "Load more". */
export function UserItemList<T extends { id: string; name: string }>({ user, title, queryKey, list: fetchPage, href, columns, cells }: UserItemListProps<T>) {
  const what = title.toLowerCase();
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage({ owner: user.id, after: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: nextCursor,
  });

  let content;
  if (!list.data) {
    content = <QueryFallback query={list} loading={`Loading ${what}…`} />;
  } else if (allItems(list.data).length === 0) {
    content = <EmptyState title={`${user.username} has no ${what}.`}>They appear here when they create one.</EmptyState>;
  } else {
    content = (
      <>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{`${title} of ${user.username}`}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {allItems(list.data).map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <Link to={href(item)}>{item.name}</Link>
                  </th>
                  {cells(item)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.fetchNextPage()} />}
        <LoadMore list={list} />
      </>
    );
  }

  return (
    <section className="stack" aria-label={`${title} of ${user.username}`}>
      <h3>{title}</h3>
      {content}
    </section>
  );
}

import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import type { Page, User } from '../../api/types';
import { adminUsersApi } from '../../api/users';
import { userKeys } from '../queryKeys';

export const USERS_PAGE_SIZE = 50;

export type UsersData = InfiniteData<Page<User>, string | null>;

/** The `next` cursor of the last page becomes `after` for the next request; null means the end. */
export function nextUsersCursor(lastPage: Page<User>): string | undefined {
  return lastPage.next ?? undefined;
}

export function allUsers(data: { pages: Page<User>[] } | undefined): User[] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

export function replaceUser(data: UsersData | undefined, user: User): UsersData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((u) => (u.id === user.id ? user : u)) })) };
}

export function removeUser(data: UsersData | undefined, id: string): UsersData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((u) => u.id !== id) })) };
}

export function useUsersList() {
  return useInfiniteQuery({
    queryKey: userKeys.adminUsers,
    queryFn: ({ pageParam, signal }) => adminUsersApi.list({ after: pageParam, limit: USERS_PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: nextUsersCursor,
  });
}

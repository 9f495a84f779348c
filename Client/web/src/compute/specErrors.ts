import { isApiError } from '../api/http';

/** The spec fields a server error may be about: one value each, or a list whose items are named by index (env: by name). */
const SCALARS = ['name', 'image', 'cpus', 'memorybytes', 'pidslimit', 'restartpolicy', 'volume'] as const;
const LISTS = ['env', 'command', 'ports', 'allowedkeys', 'ingress'] as const;

export type SpecScalar = (typeof SCALARS)[number];
export type SpecList = (typeof LISTS)[number];

interface ItemError {
  /** The index (or, for env, the variable's name) as the server wrote it. */
  item: string;
  /** The item's field, lowercase ("name", "port", "pathprefix"), or '' for the item itself. */
  sub: string;
  message: string;
}

export interface SpecErrors {
  scalar: (field: SpecScalar) => string | undefined;
  /** Messages about a list as a whole ("env", "ingress"). */
  list: (field: SpecList) => string[];
  /** Messages about items of a list ("ingress[0].name", "ports[1]", "env.FOO"). */
  items: (field: SpecList) => ItemError[];
  /** Messages about fields the form does not know, shown at the top. */
  other: string[];
}

// "ingress[0].pathPrefix", "ingress.0.port", "ports[1]", "env.MY_VAR", "env[MY_VAR]", "Name"
const KEY = /^([A-Za-z]+)(?:\[([^\]]*)\]|\.([^.[\]]+))?(?:\.([A-Za-z]+))?$/;

/** Sorts a problem's `errors` (docs/api.md: field → messages) by the part of the form each belongs to. */
export function specErrors(error: unknown): SpecErrors {
  const scalars = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const items = new Map<string, ItemError[]>();
  const other: string[] = [];
  const fieldErrors = isApiError(error) ? error.fieldErrors : {};
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const message = messages[0];
    if (!message) continue;
    const match = key.trim().match(KEY);
    const base = match?.[1]?.toLowerCase() ?? '';
    const item = match?.[2] ?? match?.[3];
    const sub = match?.[4]?.toLowerCase() ?? '';
    if ((SCALARS as readonly string[]).includes(base) && item === undefined && !sub) {
      scalars.set(base, message);
    } else if ((LISTS as readonly string[]).includes(base)) {
      if (item === undefined) lists.set(base, [...(lists.get(base) ?? []), ...messages]);
      else items.set(base, [...(items.get(base) ?? []), { item, sub, message }]);
    } else {
      other.push(`${key}: ${message}`);
    }
  }
  return {
    scalar: (field) => scalars.get(field),
    list: (field) => lists.get(field) ?? [],
    items: (field) => items.get(field) ?? [],
    other,
  };
}

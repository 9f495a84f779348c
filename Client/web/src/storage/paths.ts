// Folder and file paths inside a namespace: '/'-separated, no leading or trailing '/'; '' is the root folder.

/** "a//b/" → "a/b": the folder as it appears after /files/{id}/ in the address. */
export function normalizeFolder(folder: string | undefined): string {
  return (folder ?? '')
    .split('/')
    .filter((part) => part !== '')
    .join('/');
}

export function joinPath(folder: string, name: string): string {
  return folder ? `${folder}/${name}` : name;
}

/** The last segment: what a file or folder is called in its folder. */
export function baseName(path: string): string {
  const parts = path.split('/').filter((part) => part !== '');
  return parts[parts.length - 1] ?? '';
}

/** The listing prefix of a folder: "" for the root, "a/b/" otherwise. */
export function folderPrefix(folder: string): string {
  return folder ? `${folder}/` : '';
}

/**
 * A sub-folder as the listing names it, either in full ("a/b/c/") or only its name ("c"), to the folder's
 * own path ("a/b/c").
 */
export function subFolderPath(folder: string, entry: string): string {
  const trimmed = normalizeFolder(entry);
  const prefix = folderPrefix(folder);
  if (prefix && trimmed.startsWith(prefix)) return trimmed;
  if (!trimmed.includes('/')) return joinPath(folder, trimmed);
  return trimmed;
}

/** The address of a folder under a page's base ("/files/{id}" or "/public/{id}"), each segment encoded. */
export function folderHref(basePath: string, folder: string): string {
  const encoded = folder
    .split('/')
    .filter((part) => part !== '')
    .map(encodeURIComponent)
    .join('/');
  return encoded ? `${basePath}/${encoded}` : basePath;
}

export interface Crumb {
  name: string;
  folder: string;
}

/** "a/b" → [a → "a", b → "a/b"]. */
export function folderCrumbs(folder: string): Crumb[] {
  const parts = folder.split('/').filter((part) => part !== '');
  return parts.map((name, i) => ({ name, folder: parts.slice(0, i + 1).join('/') }));
}

/** How the listing of a folder is named for assistive technology (and browser tests): "Files in /a/b". */
export function folderLabel(folder: string): string {
  return `Files in /${folder}`;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-yaml|yaml|toml|x-sh|sql|csv)\b)|\+(json|xml)\b/i;
const TEXT_EXTENSIONS = /\.(txt|md|markdown|csv|tsv|log|json|ya?ml|toml|ini|cfg|conf|xml|html?|css|js|mjs|ts|tsx|jsx|py|rb|go|rs|cs|java|kt|c|h|cpp|hpp|sh|ps1|sql)$/i;

export type PreviewKind = 'image' | 'text' | null;

/** What the preview dialog can show: images in <img>, text in <pre>; anything else is only downloaded. */
export function previewKind(contentType: string, path: string): PreviewKind {
  if (/^image\//i.test(contentType)) return 'image';
  if (TEXT_TYPES.test(contentType) || TEXT_EXTENSIONS.test(path)) return 'text';
  return null;
}

/** A path for the address bar and messages: "/a/b.txt". */
export function displayPath(path: string): string {
  return `/${path}`;
}

/** An absolute URL from a server path or URL, for copying. */
export function absoluteUrl(url: string, origin: string = window.location.origin): string {
  return new URL(url, origin).href;
}

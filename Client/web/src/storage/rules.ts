import type { Visibility } from '../api/types';

// Mirrors the server's rules (docs/api.md) so forms can say what is wrong before sending.

export const NAMESPACE_NAME_HINT = '1-64 characters: letters, digits, spaces, “.”, “_” and “-”; not starting or ending with a space or a dot.';

export function namespaceNameProblem(name: string): string | null {
  if (name.length === 0) return 'Enter a name for the namespace.';
  if ([...name].length > 64) return 'The name is too long: at most 64 characters.';
  if (!/^[\p{L}\p{N} ._-]+$/u.test(name)) return 'Use only letters, digits, spaces, “.”, “_” and “-”.';
  if (/^[ .]|[ .]$/.test(name)) return 'The name cannot start or end with a space or a dot.';
  return null;
}

const SEGMENT_BYTES = 255;

/** A single file or folder name (one path segment), as the file system accepts it. */
export function segmentProblem(name: string): string | null {
  if (name === '' || name === '.' || name === '..') return 'Enter a name other than “.” or “..”.';
  if (name.includes('/')) return 'A name cannot contain “/”.';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'A name cannot contain control characters.';
  if (new TextEncoder().encode(name.normalize('NFC')).length > SEGMENT_BYTES) return 'The name is too long: at most 255 bytes.';
  return null;
}

export const VISIBILITIES: { value: Visibility; label: string; description: string }[] = [
  { value: 'private', label: 'Private', description: 'Only you (and administrators) can see it; share single files with links.' },
  { value: 'visible', label: 'Visible', description: 'Anyone with a file’s address can download that file; only you can list the files.' },
  { value: 'public', label: 'Public', description: 'Anyone can list and download its files, even without signing in.' },
];

export function visibilityLabel(visibility: Visibility): string {
  return VISIBILITIES.find((v) => v.value === visibility)?.label ?? visibility;
}

export function visibilityDescription(visibility: Visibility): string {
  return VISIBILITIES.find((v) => v.value === visibility)?.description ?? '';
}

import { describe, expect, it } from 'vitest';
import { baseName, folderCrumbs, folderHref, folderLabel, normalizeFolder, previewKind, subFolderPath } from './paths';
import { namespaceNameProblem, segmentProblem } from './rules';

describe('paths', () => {
  it('normalizes folders and names sub-folders however the listing spells them', () => {
    expect(normalizeFolder('/a//b/')).toBe('a/b');
    expect(subFolderPath('a', 'a/b/')).toBe('a/b');
    expect(subFolderPath('a', 'b')).toBe('a/b');
    expect(subFolderPath('', 'docs/')).toBe('docs');
    expect(baseName('a/b/c.txt')).toBe('c.txt');
  });

  it('builds encoded folder addresses, crumbs and the listing label', () => {
    expect(folderHref('/files/n1', 'a b/c#d')).toBe('/files/n1/a%20b/c%23d');
    expect(folderHref('/files/n1', '')).toBe('/files/n1');
    expect(folderCrumbs('a/b')).toEqual([
      { name: 'a', folder: 'a' },
      { name: 'b', folder: 'a/b' },
    ]);
    expect(folderLabel('')).toBe('Files in /');
    expect(folderLabel('a/b')).toBe('Files in /a/b');
  });

  it('previews images and text only', () => {
    expect(previewKind('image/png', 'a.png')).toBe('image');
    expect(previewKind('text/plain; charset=utf-8', 'a')).toBe('text');
    expect(previewKind('application/json', 'a')).toBe('text');
    expect(previewKind('application/octet-stream', 'notes.md')).toBe('text');
    expect(previewKind('application/pdf', 'a.pdf')).toBeNull();
  });
});

describe('rules', () => {
  it.each([
    ['Photos', null],
    ['My files_2026-v1.0', null],
    ['Fotos Ñandú', null],
    ['', 'Enter a name for the namespace.'],
    [' lead', 'The name cannot start or end with a space or a dot.'],
    ['trail.', 'The name cannot start or end with a space or a dot.'],
    ['a/b', 'Use only letters, digits, spaces, “.”, “_” and “-”.'],
    ['x'.repeat(65), 'The name is too long: at most 64 characters.'],
  ])('namespace name %j', (name, problem) => {
    expect(namespaceNameProblem(name)).toBe(problem);
  });

  it('checks one path segment', () => {
    expect(segmentProblem('report.pdf')).toBeNull();
    expect(segmentProblem('..')).not.toBeNull();
    expect(segmentProblem('a/b')).not.toBeNull();
    expect(segmentProblem('a\u0001')).not.toBeNull();
    expect(segmentProblem('é'.repeat(128))).not.toBeNull();
  });
});

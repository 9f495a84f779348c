// openapi-typescript builds its output with TypeScript 5's compiler API, which TypeScript 7 (the dashboard's tsc)
// no longer has: this package gives it a TypeScript 5 of its own (see its package.json).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

/** Client/web, whatever the caller's working directory (Vitest's jsdom code cannot read files itself). */
const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const SPEC_FILE = '../../docs/openapi.json';
export const TYPES_FILE = 'src/api/openapi.gen.ts';

const HEADER = '// Generated from docs/openapi.json by `npm run gen:api` (openapi-typescript). Do not edit.\n\n';

/** What openapi-typescript makes of an OpenAPI document (JSON text), with its default options, under a do-not-edit header. */
export async function generateApiTypes(openapiJson) {
  return HEADER + astToString(await openapiTS(JSON.parse(openapiJson)));
}

/** The text of a file named relative to Client/web; null when there is none. */
export async function readWebFile(path) {
  return readFile(resolve(webDir, path), 'utf8').catch((error) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

export function webPath(path) {
  return resolve(webDir, path);
}

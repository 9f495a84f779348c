// `npm run gen:api`: regenerates src/api/openapi.gen.ts from docs/openapi.json. It writes only when the text changes,
// so an unchanged document leaves the file and its timestamp alone.
import { writeFile } from 'node:fs/promises';
import { generateApiTypes, readWebFile, SPEC_FILE, TYPES_FILE, webPath } from './index.js';

const spec = await readWebFile(SPEC_FILE);
if (spec === null) {
  console.error(`${webPath(SPEC_FILE)} is missing.`);
  process.exit(1);
}
const generated = await generateApiTypes(spec);
if ((await readWebFile(TYPES_FILE)) !== generated) {
  await writeFile(webPath(TYPES_FILE), generated);
  console.log(`${TYPES_FILE}: regenerated from docs/openapi.json`);
}

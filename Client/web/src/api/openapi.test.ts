import { generateApiTypes, readWebFile, SPEC_FILE, TYPES_FILE } from 'eddcloud-openapi-gen';
import { describe, expect, it } from 'vitest';

describe('openapi.gen.ts', () => {
  // With the .NET test that compares docs/openapi.json with the running silo, this ties silo, document and dashboard.
  it('is what openapi-typescript makes of docs/openapi.json today', async () => {
    const spec = await readWebFile(SPEC_FILE);
    expect(spec, 'docs/openapi.json is missing').not.toBeNull();
    const generated = await generateApiTypes(spec!);
    expect(
      (await readWebFile(TYPES_FILE)) === generated,
      `Client/web/${TYPES_FILE} is not what openapi-typescript makes of docs/openapi.json: run \`npm run gen:api\` in Client/web and commit the result`,
    ).toBe(true);
  });
});

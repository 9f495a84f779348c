/** docs/openapi.json, relative to Client/web. */
export const SPEC_FILE: string;
/** The TypeScript made from it, relative to Client/web. */
export const TYPES_FILE: string;

/** What openapi-typescript makes of an OpenAPI document (JSON text), with its default options, under a do-not-edit header. */
export function generateApiTypes(openapiJson: string): Promise<string>;

/** The text of a file named relative to Client/web; null when there is none. */
export function readWebFile(path: string): Promise<string | null>;

/** The absolute path of a file named relative to Client/web. */
export function webPath(path: string): string;

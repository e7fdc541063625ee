/**
 * Which schema a document is checked against: the bundled one, or an OpenAPI v3 file the user
 * points `kjob.openapiFile` at (a cluster's /openapi/v3/apis/batch/v1). Files are read once per
 * modification time; a file that cannot be used is logged once and the bundled schema is used.
 */
import { readFileSync, statSync } from 'node:fs';
import { bundledSchema, Schema } from '../../../core/schema/schema';
import { fromOpenApiV3 } from '../../../core/schema/openapi';

export class SchemaSource {
  private readonly cache = new Map<string, { mtimeMs: number; schema?: Schema }>();

  constructor(private readonly log: (message: string) => void) {}

  schemaFor(openapiFile: string): Schema {
    if (!openapiFile) return bundledSchema();
    let mtimeMs: number;
    try {
      mtimeMs = statSync(openapiFile).mtimeMs;
    } catch (e) {
      return this.fail(openapiFile, -1, e);
    }
    const hit = this.cache.get(openapiFile);
    if (hit && hit.mtimeMs === mtimeMs) return hit.schema ?? bundledSchema();
    try {
      const schema = new Schema(fromOpenApiV3(JSON.parse(readFileSync(openapiFile, 'utf8')), openapiFile));
      this.cache.set(openapiFile, { mtimeMs, schema });
      this.log(`kjob: using the schema from ${openapiFile} (${Object.keys(schema.data.types).length} types)`);
      return schema;
    } catch (e) {
      return this.fail(openapiFile, mtimeMs, e);
    }
  }

  private fail(file: string, mtimeMs: number, e: unknown): Schema {
    const hit = this.cache.get(file);
    if (!hit || hit.mtimeMs !== mtimeMs || hit.schema) {
      this.cache.set(file, { mtimeMs });
      this.log(`kjob: cannot use ${file} as an OpenAPI v3 document (${e instanceof Error ? e.message : String(e)}); using the bundled schema`);
    }
    return bundledSchema();
  }
}

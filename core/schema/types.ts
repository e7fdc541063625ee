/**
 * The schema layer's data model: one shape for every source of Kubernetes field facts.
 *
 * Sources produce a `SchemaData` (plain JSON):
 *  - the bundled one, generated at build time by scripts/gen-schema.mjs from @kubernetes/client-node's
 *    models plus the newest Kubernetes release kjob ships against (its OpenAPI JSON for fields newer
 *    than the models, enum lists, feature gates) (./generated/batch-v1.json);
 *  - `fromOpenApiV3(doc)` (./openapi.ts), an adapter for an OpenAPI v3 document such as the connected
 *    cluster's `/openapi/v3/apis/batch/v1` (exact for that server's version). The generator converts
 *    the release's OpenAPI models with the same functions of ./openapi.ts.
 * `Schema` (./schema.ts) wraps either one; features never look at the source.
 */

/** A field's value type. Object types are referenced by id (`ref`) into `SchemaData.types`. */
export type SchemaType =
  | { kind: 'string'; format?: string; enum?: string[] }
  | { kind: 'integer'; format: 'int32' | 'int64' }
  | { kind: 'number'; format?: string }
  | { kind: 'boolean' }
  /** resource.Quantity: a string like "500m" or "1Gi", or a plain number. */
  | { kind: 'quantity' }
  /** intstr.IntOrString: an int32 or a string (a named port, a percentage). */
  | { kind: 'intOrString' }
  /** Free-form JSON (RawExtension, FieldsV1). */
  | { kind: 'any' }
  | { kind: 'object'; ref: string }
  | { kind: 'array'; items: SchemaType }
  | { kind: 'map'; values: SchemaType };

export interface FieldData {
  type: SchemaType;
  description?: string;
  /** A default the API schema declares (applied by the API server's defaulting). */
  default?: unknown;
  /** A default Kubernetes states in the field's description ("Defaults to 6"). */
  defaultText?: string;
  /**
   * The minor release that introduced the field, when it is newer than @kubernetes/client-node's
   * models (the generator dates fields the newer Kubernetes release adds).
   */
  since?: number;
  /** Feature gates the field is behind (`+featureGate=` markers in k8s.io/api types.go). */
  featureGates?: string[];
}

/** One entry of a feature gate's versioned spec (pkg/features/kube_features.go). */
export interface FeatureGateSpec {
  /** "1.37": from this release on (until the next entry). */
  version: string;
  default: boolean;
  stage: 'Alpha' | 'Beta' | 'GA' | 'Deprecated' | string;
  locked?: true;
}

export interface ObjectTypeData {
  /** Kubernetes' short type name, e.g. `JobSpec`. */
  displayName: string;
  /** OpenAPI model name, e.g. `io.k8s.api.batch.v1.JobSpec`, when known. */
  apiName?: string;
  description?: string;
  fields: Record<string, FieldData>;
  required?: string[];
}

export interface SchemaData {
  sources: Record<string, string | null>;
  /** Kubernetes release line of the source, e.g. `release-1.37`. */
  release: string;
  /** Type ids of the top-level kinds. */
  roots: { Job: string; CronJob: string };
  /** The fields' version facts again, compactly (see VersionFacts); only in the bundled schema. */
  versionFacts?: VersionFacts;
  types: Record<string, ObjectTypeData>;
}

/** A field's version facts, or the way to fields that have them (`ref`, through lists/maps). */
export interface FieldFacts {
  since?: number;
  featureGates?: string[];
  ref?: string;
  through?: ('array' | 'map')[];
}

/**
 * Generated: the fields with version facts and the paths leading to them, from the Job and CronJob
 * roots. `featureGates` holds each named gate's versioned spec (null: the release does not define it).
 */
export interface VersionFacts {
  roots: { Job: string; CronJob: string };
  featureGates: Record<string, FeatureGateSpec[] | null>;
  types: Record<string, Record<string, FieldFacts>>;
}

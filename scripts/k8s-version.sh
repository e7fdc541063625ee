# Sourced by the control-plane scripts: the one place the Kubernetes release is pinned.
KJOB_K8S_VERSION=v1.37.2
# The Kubernetes release the bundled schema covers (scripts/gen-schema.mjs: client-node's models plus this
# release's OpenAPI JSON, enums and feature gates from the Go module cache; the newest we ship against).
KJOB_SCHEMA_K8S_VERSION=v1.37.2

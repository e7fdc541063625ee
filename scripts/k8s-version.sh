# Sourced by the control-plane scripts: the one place the Kubernetes release is pinned.
KJOB_K8S_VERSION=v1.37.2
# The release line of @kubernetes/client-node's models (the bundled schema); its k8s.io/kubernetes
# module supplies the enum lists and defaults when the schema is regenerated.
KJOB_SCHEMA_K8S_VERSION=v1.36.3

# Sourced by the control-plane scripts: the one place the Kubernetes release is pinned.
KJOB_K8S_VERSION=v1.37.2

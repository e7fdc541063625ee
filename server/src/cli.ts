// Placeholder entry; the `kjob` CLI is built by the foundation work.
export {};

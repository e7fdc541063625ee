// Placeholder entry; wired by the foundation work.
export {};

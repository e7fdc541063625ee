// Placeholder entry; the client is built in the explorer/foundation work.
export function activate(): void {}
export function deactivate(): void {}

/**
 * Entry of client/out/language.js (scripts/build.mjs): vscode-languageclient and the client setup,
 * the largest part of the client's code. Loaded through languageLoader.ts right after activation
 * (client/src/language/start.ts), never during it.
 */
export { startLanguageClient, stopLanguageClient } from '../language/client';

/**
 * Loads client/out/language.js (entry bundles/language.ts): vscode-languageclient and the client
 * setup, on the turn of the event loop right after activate() (client/src/language/start.ts).
 */
import { lazyBundle } from './lazyBundle';
import type * as LanguageApi from './language';

export type Language = typeof LanguageApi;

const bundle = lazyBundle<Language>('language');

export const language = (): Language => bundle.get();

export const languageLoaded = (): boolean => bundle.loaded();

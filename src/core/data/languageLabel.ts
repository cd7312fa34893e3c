/**
 * How a language reads wherever XLens lists languages: `de — German`, `ace-Arab — Acehnese
 * (Arabic script)`, the code alone when no name is known. Dependency-free on purpose: webviews
 * bundle this file and receive the names from the host (core/data/languageNames.ts builds them
 * from the FLORES-200 table and Intl.DisplayNames), so no panel ships the code table.
 */

/** Code → English name of the languages a view lists (sent in the webview protocol). */
export type LanguageNames = Record<string, string>;

/** `code — name`; the code itself when the name is unknown, empty or the code again. */
export function languageLabel(code: string, names?: LanguageNames | string): string {
  const name = typeof names === 'string' ? names : names?.[code];
  return name && name !== code ? `${code} — ${name}` : code;
}

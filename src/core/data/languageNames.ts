import { languageLabel, type LanguageNames } from './languageLabel';
import { languageName, languageScript } from './languages';

/** How a language is shown in pickers and panels. */
export interface LanguageDisplay {
  /** Canonical code (`ace-Arab`). */
  code: string;
  /** The code as the corpus spells it (`ace_Arab`). */
  label: string;
  /** English name (`Acehnese (Arabic script)`). */
  name: string;
  /** ISO 15924 script code (`Arab`), `Zzzz` when unknown. */
  script: string;
  /** English script name (`Arabic`). */
  scriptName: string;
  /** `ace_Arab — Acehnese (Arabic script)`. */
  display: string;
}

/** Where Intl's English script name reads badly alone ("Simplified"). */
const SCRIPT_NAMES: Record<string, string> = { Hans: 'Han (Simplified)', Hant: 'Han (Traditional)' };

const intlName = (type: 'language' | 'script', code: string): string | undefined => {
  try {
    return new Intl.DisplayNames(['en'], { type, fallback: 'none' }).of(code) ?? undefined;
  } catch {
    return undefined; // not a well-formed tag for Intl
  }
};

/**
 * Name and script of a language: the FLORES-200 code table first (it names every SIB-200 and
 * Tatoeba variety, with the script when it is not the usual one), then Intl.DisplayNames for
 * codes the table lacks; the code itself when neither knows it.
 */
export function languageDisplay(code: string, label = code): LanguageDisplay {
  const fromTable = languageName(code);
  const name = fromTable !== code ? fromTable : (intlName('language', code) ?? code);
  let script = languageScript(code) ?? /[-_]([A-Z][a-z]{3})\b/.exec(label)?.[1];
  if (!script) {
    try {
      script = new Intl.Locale(code).maximize().script;
    } catch {
      script = undefined;
    }
  }
  script ??= 'Zzzz';
  const scriptName = script === 'Zzzz' ? 'Unknown script' : (SCRIPT_NAMES[script] ?? intlName('script', script) ?? script);
  return { code, label, name, script, scriptName, display: languageLabel(label, name) };
}

/** `de — German`, `ace-Arab — Acehnese (Arabic script)`: the label quick picks and reports use. */
export function formatLanguage(code: string): string {
  return languageDisplay(code).display;
}

/** English names of `codes` for a webview (codes no table or Intl knows are left out: shown bare). */
export function languageNamesOf(codes: Iterable<string>): LanguageNames {
  const out: LanguageNames = {};
  for (const code of codes) {
    if (code in out) continue;
    const { name } = languageDisplay(code);
    if (name !== code) out[code] = name;
  }
  return out;
}

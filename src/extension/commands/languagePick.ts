import * as vscode from 'vscode';
import { languageDisplay } from '../../core/data/languageNames';
import { LAST_LANGUAGES_KEY, preselectLanguages, rememberedKey, rememberLanguages, type LanguagePurpose, type RememberedLanguages } from '../languagePreselection';

export interface LanguagePickOptions {
  title: string;
  /** Languages offered: canonical code and the corpus's spelling (`ace-Arab`, `ace_Arab`). */
  languages: ReadonlyArray<{ code: string; label?: string }>;
  /** The dataset the languages come from: the preselection remembers the last run per dataset. */
  dataset: string;
  purpose: LanguagePurpose;
  /** Ticked in the default preselection when offered. */
  pivot?: string;
}

/**
 * A many-language quick pick: every item named (`de — German`), filterable by code or name, opened
 * with a preselection (languages of the last run on this dataset, else a small default; see
 * languagePreselection.ts), with a first item that ticks or clears every language. Resolves to the
 * chosen codes (never empty), or undefined when dismissed.
 */
export async function pickLanguageSet(context: vscode.ExtensionContext, o: LanguagePickOptions): Promise<string[] | undefined> {
  const remembered = context.workspaceState.get<RememberedLanguages>(LAST_LANGUAGES_KEY, {})[rememberedKey(o.dataset, o.purpose)];
  const chosen = new Set(preselectLanguages(o.languages.map((l) => l.code), { remembered, pivot: o.pivot }));

  type Item = vscode.QuickPickItem & { code?: string };
  const all: Item = { label: `$(check-all) Select all ${o.languages.length} languages`, alwaysShow: true };
  const items: Item[] = o.languages.map((l) => {
    const d = languageDisplay(l.code, l.code);
    return { label: d.display, description: l.label && l.label !== l.code ? l.label : undefined, code: l.code };
  });
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = o.title;
  qp.placeholder = `Filter by code or name · ${chosen.size} of ${o.languages.length} preselected${remembered?.length ? ' (as in the last run on this dataset)' : ''}`;
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = o.languages.length > 1 ? [all, ...items] : items;
  qp.selectedItems = items.filter((i) => i.code && chosen.has(i.code));
  let allTicked = false;
  qp.onDidChangeSelection((sel) => {
    const ticked = sel.includes(all);
    if (ticked !== allTicked) {
      allTicked = ticked;
      qp.selectedItems = ticked ? [all, ...items] : []; // unticking it clears the list
    }
  });
  const picked = await new Promise<string[] | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems.flatMap((i) => (i.code ? [i.code] : []))));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  return picked && picked.length > 0 ? picked : undefined;
}

/** Remember the languages a run used on `dataset` (the next picker on it opens with them). */
export async function rememberLanguageSet(context: vscode.ExtensionContext, dataset: string, purpose: LanguagePurpose, langs: readonly string[]): Promise<void> {
  const record = context.workspaceState.get<RememberedLanguages>(LAST_LANGUAGES_KEY, {});
  await context.workspaceState.update(LAST_LANGUAGES_KEY, rememberLanguages(record, dataset, purpose, langs));
}

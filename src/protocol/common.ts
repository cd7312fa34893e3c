/**
 * Messages every panel understands. Each panel's own messages live in a file of their own;
 * `index.ts` unions them. This folder is the only code shared between the extension host and
 * the webviews: it must import nothing but other protocol files and plain types.
 */

/** Host → webview, any panel. */
export type CommonToWebview =
  | { type: 'progress'; phase: string; done: number; total?: number }
  | { type: 'error'; message: string }
  /** The panel's data is gone (run file deleted): show this instead of stale figures. */
  | { type: 'unavailable'; message: string };

/** Webview → host, any panel. */
export type CommonFromWebview =
  /** Sent once the webview's script has run and can receive data (after a reload too). */
  | { type: 'ready' }
  /** Save text the user exported (Markdown, CSV, JSON) through a save dialog. */
  | { type: 'export'; format: 'md' | 'csv' | 'json'; suggestedName: string; content: string }
  /** Open a source location (a corpus line) in an editor. */
  | { type: 'reveal'; file: string; line?: number };

/** English names of languages by code: panels show `de — German` (src/core/data/languageLabel.ts). */
export type { LanguageNames } from '../core/data/languageLabel';

export type PanelKind = 'projection' | 'ranking' | 'maxr' | 'compare' | 'training' | 'bitext' | 'inspector';

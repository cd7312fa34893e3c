import type { HostToWebview } from '../../src/protocol';
import { el } from './dom';

/** A one-line message above a panel's content (role="status", so screen readers announce it). */
export interface Banner {
  kind: 'error' | 'unavailable' | 'status';
  message: string;
}

/** The banner for the host messages every run panel handles ('error', 'unavailable'); else undefined. */
export function bannerOf(m: HostToWebview): Banner | undefined {
  return m.type === 'error' || m.type === 'unavailable' ? { kind: m.type, message: m.message } : undefined;
}

/**
 * Starts a run panel's render: the banner if any, and "Loading run…" while there is neither data
 * nor a banner. Returns true when the panel has data to draw below.
 */
export function renderBanner(app: HTMLElement, banner: Banner | undefined, hasData: boolean): boolean {
  if (banner) app.append(el('p', { className: banner.kind === 'error' ? 'error banner' : 'muted banner', text: banner.message, attrs: { role: 'status' } }));
  if (!hasData && !banner) app.append(el('p', { className: 'muted', text: 'Loading run…' }));
  return hasData;
}

/** "Export Markdown / CSV / JSON" buttons; `onExport` asks the host for the content. */
export function exportButtons<F extends 'md' | 'csv' | 'json'>(formats: readonly F[], onExport: (format: F) => void): HTMLElement {
  return el(
    'div',
    { className: 'toolbar' },
    formats.map((format) => {
      const b = el('vscode-button', { text: `Export ${format === 'md' ? 'Markdown' : format.toUpperCase()}`, attrs: { secondary: '', 'data-key': `export-${format}` } });
      b.addEventListener('click', () => onExport(format));
      return b;
    }),
  );
}

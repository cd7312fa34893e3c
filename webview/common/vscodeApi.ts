import type { HostToWebview, WebviewToHost } from '../../src/protocol';

/** The handle VS Code gives a webview script (callable once per page). */
interface VsCodeApi<S> {
  postMessage(message: WebviewToHost): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

/**
 * Typed access to the host: post protocol messages, receive them, and keep the panel's UI state
 * across reloads (setState / getState; the host's serializer re-sends the data).
 */
export function connect<S>(initial: S): {
  post: (m: WebviewToHost) => void;
  onMessage: (handler: (m: HostToWebview) => void) => void;
  state: () => S;
  saveState: (patch: Partial<S>) => void;
} {
  const api = acquireVsCodeApi<S>();
  let current: S = { ...initial, ...(api.getState() ?? {}) };
  return {
    post: (m) => api.postMessage(m),
    onMessage: (handler) => window.addEventListener('message', (e: MessageEvent<HostToWebview>) => handler(e.data)),
    state: () => current,
    saveState: (patch) => {
      current = { ...current, ...patch };
      api.setState(current);
    },
  };
}

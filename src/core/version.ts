/** Replaced at build time by esbuild's `define`; the fallback serves tests run from sources. */
declare const __XLENS_VERSION__: string | undefined;
export const VERSION: string = typeof __XLENS_VERSION__ === 'string' ? __XLENS_VERSION__ : '0.0.0-dev';

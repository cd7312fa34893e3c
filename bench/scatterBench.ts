import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Bench, Figures } from './figures';
import { CACHE, ROOT } from './paths';

/** As webview/projection/scatterGl.ts (not imported: it needs a DOM). */
const LOD_FROM = 50_000;
const ZOOM_SETTLE_MS = 160;

/**
 * Frames per second of the projection panel's WebGL2 renderer (webview/projection/scatterGl.ts,
 * bundled here with esbuild) in headless Debian Chromium, at 100k and 1M points:
 *  - `scatter.<n>.fps`: panning. A page on a loopback server pans the view on every animation
 *    frame for ~5 s; a frame counts when the renderer actually redrew (most frames move the pan
 *    cache; when the view leaves it, below LOD_FROM points the frame redraws every point, from
 *    LOD_FROM on it is a motion frame: the cache resampled plus the density grid, no points).
 *  - `scatter.<n>.zoom_fps`: zooming. Every animation frame for ~5 s zooms about a fixed cursor
 *    point, the scale following a triangle wave between the fitted scale / 1.5 and × 1.5 (period
 *    2 s), as a wheel held turning does; every counted frame is drawn at its new scale (all
 *    points, or a motion frame; the bench fails otherwise). Both notes count each kind of frame;
 *    the exact redraw once the motion rests is timed separately (`fullRedrawFps`).
 * Chromium is tried with the UI tests' flags (--disable-gpu: software GL) and, at 100k points,
 * with the other software-GL switches; the headline figures are the UI tests' configuration, the
 * others go in the note. XLENS_SCATTER_QUICK=1 measures only the headline configuration.
 */
const SIZES = [100_000, 1_000_000];
const SECONDS = 5;
const CHROMIUM = '/usr/bin/chromium';
const BASE_FLAGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Chromium switch sets tried; XLENS_SCATTER_QUICK=1 measures only the first (the headline). */
const VARIANTS: Array<{ name: string; flags: string[] }> = [
  { name: 'disable-gpu', flags: ['--disable-gpu'] },
  { name: 'default', flags: [] },
  { name: 'angle-swiftshader', flags: ['--use-angle=swiftshader'] },
  { name: 'unsafe-swiftshader', flags: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] },
];

interface PageResult {
  /** Milliseconds per frame forced to finish: zoom frames (`motion` of them motion frames) and exact redraws of every point. */
  work: { motionMs: number; motion: number; fullMs: number; full: number };
  fps: number;
  /** Frames that redrew every point (the view left the pan cache), and the longest frame. */
  fullRenders: number;
  /** Frames in motion drawn from the pan cache and the density grid, no points (scatterGl.ts, LOD_FROM points on). */
  motionFrames: number;
  longestMs: number;
  /** Net distance the view moved (CSS px). */
  travelled: number;
  /** Frames per second when every frame rebuilds the pan cache (all points into the larger texture, then the copy). */
  fullRedrawFps: number;
  /** Zooming: frames per second, frames drawn and of those the frames that redrew all points. */
  zoomFps: number;
  zoomFrames: number;
  zoomFullRenders: number;
  zoomMotionFrames: number;
  zoomLongestMs: number;
  /** The same with a 1-pixel readPixels after each frame, forcing the GPU to finish it. */
  syncedFps: number;
  frames: number;
  renderer: string;
  litPixels: number;
}

// Loaded at run time: esbuild must not bundle the browser driver into dist/bench.js.
type Playwright = typeof import('playwright-core');
const requireAtRuntime = createRequire(__filename);

export const scatterBench: Bench = {
  name: 'scatter',
  async run(): Promise<Figures> {
    if (!fs.existsSync(CHROMIUM)) {
      process.stderr.write(`bench scatter: skipped, ${CHROMIUM} is absent\n`);
      return {};
    }
    const { chromium } = requireAtRuntime('playwright-core') as Playwright;
    const bundle = bundleRenderer();
    const { server, url } = await serve({ '/': PAGE_HTML, '/scatter.js': bundle, '/bench.js': PAGE_SCRIPT });
    const figures: Figures = {};
    try {
      for (const n of SIZES) Object.assign(figures, await measure(chromium, url, n, n === SIZES[0] && !process.env.XLENS_SCATTER_QUICK ? VARIANTS : VARIANTS.slice(0, 1)));
    } finally {
      server.close();
    }
    return figures;
  },
};

async function measure(chromium: Playwright['chromium'], url: string, points: number, variants: typeof VARIANTS): Promise<Figures> {
  const results: Record<string, PageResult | string> = {};
  for (const v of variants) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...BASE_FLAGS, ...v.flags] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      await page.goto(`${url}?n=${points}&seconds=${SECONDS}`);
      const r = (await page.waitForFunction(() => (window as unknown as { benchResult?: PageResult | string }).benchResult, undefined, { timeout: (8 * SECONDS + 120) * 1000, polling: 500 })).jsonValue();
      results[v.name] = (await r) as PageResult | string;
    } catch (e) {
      results[v.name] = e instanceof Error ? e.message.split('\n')[0] : String(e);
    } finally {
      await browser.close();
    }
    const r = results[v.name];
    process.stderr.write(`  ${points} points, ${v.name}: ${typeof r === 'string' ? `failed: ${r}` : `pan ${r.fps} fps (${r.syncedFps} synced, ${r.fullRenders} full redraws, ${r.motionFrames} motion frames, net travel ${r.travelled} px, longest frame ${r.longestMs} ms); zoom ${r.zoomFps} fps (${r.zoomFullRenders} of ${r.zoomFrames} frames redrew all points, ${r.zoomMotionFrames} motion frames, longest ${r.zoomLongestMs} ms); ${r.fullRedrawFps} fps rebuilding the pan cache every frame; per frame forced to finish: zoom ${r.work.motionMs} ms (${r.work.motion} of 10 motion frames), exact redraw ${r.work.fullMs} ms (${r.work.full} of 3); ${r.renderer}, ${r.litPixels} lit pixels`} (load ${loadavg()})\n`);
  }
  const head = results['disable-gpu'];
  if (typeof head === 'string' || !head) throw new Error(`scatter bench (${points} points) failed with the UI tests' flags: ${head}`);
  if (head.litPixels < 1000) throw new Error(`the scatter page drew almost nothing (${head.litPixels} lit pixels)`);
  // Every zoom frame is drawn at the new scale: all points, or (many points) the motion frame.
  if (head.zoomFullRenders + head.zoomMotionFrames !== head.zoomFrames) throw new Error(`only ${head.zoomFullRenders + head.zoomMotionFrames} of ${head.zoomFrames} zoom frames were drawn at the new scale`);
  const others = variants
    .slice(1)
    .map((v) => {
      const r = results[v.name];
      return typeof r === 'string' ? `${v.name}: failed (${r})` : `${v.name}: pan ${r.fps} fps, zoom ${r.zoomFps} fps`;
    })
    .join('; ');
  const key = points >= 1_000_000 ? `${points / 1_000_000}m` : `${points / 1000}k`;
  const where = `${points} points, 1280×800, headless Chromium --disable-gpu (${head.renderer}); load average ${loadavg()} (2 cores, shared)`;
  return {
    [`scatter.${key}.fps`]: {
      value: head.fps,
      unit: 'fps',
      better: 'higher',
      target: 30,
      note: `${where}; dragging 420 px/s for ${SECONDS} s: ${head.fullRenders} frames redrew all points, ${head.motionFrames} were motion frames (view left the pan cache: the cache resampled plus the density grid, no points; from ${LOD_FROM} points on), the rest copied the pan cache; longest frame ${head.longestMs} ms; ${head.syncedFps} fps with each frame forced to finish (readPixels); ${head.fullRedrawFps} fps when every frame rebuilds the pan cache (all points into the texture with margins, then the copy).${others ? ` Other flags: ${others}` : ''}`,
    },
    [`scatter.${key}.zoom_fps`]: {
      value: head.zoomFps,
      unit: 'fps',
      better: 'higher',
      target: 30,
      note: `${where}; zooming on every animation frame for ${SECONDS} s about the canvas point (40%, 45%), scale between fitted / 1.5 and fitted × 1.5 (triangle wave, period 2 s); of ${head.zoomFrames} frames ${head.zoomFullRenders} redrew every point (one draw call from GPU-resident buffers into the canvas) and ${head.zoomMotionFrames} were motion frames (pan cache resampled at the new scale, density grid where it does not reach; no per-point work; exact points again ${ZOOM_SETTLE_MS} ms after the wheel rests), longest frame ${head.zoomLongestMs} ms; GPU work per frame (forced to finish, no animation frames): a zoom frame ${head.work.motionMs} ms (${head.work.motion} of 10 were motion frames), an exact redraw of every point ${head.work.fullMs} ms; same run, every frame rebuilding the pan cache (all points into the texture with margins, then the copy: what the exact redraw at rest costs): ${head.fullRedrawFps} fps; pan ${head.fps} fps`,
    },
  };
}

function loadavg(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

/** esbuild (the CLI, so it is not bundled into the bench) → an IIFE exposing `XlensScatter`. */
function bundleRenderer(): string {
  fs.mkdirSync(CACHE, { recursive: true });
  const out = path.join(CACHE, 'scatter.js');
  const esbuild = path.join(ROOT, 'node_modules', '.bin', 'esbuild');
  const r = spawnSync(esbuild, [path.join(ROOT, 'webview', 'projection', 'scatterGl.ts'), '--bundle', '--format=iife', '--global-name=XlensScatter', '--target=chrome120', `--outfile=${out}`, '--log-level=warning'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`esbuild failed: ${r.stderr || r.error}`);
  return fs.readFileSync(out, 'utf8');
}

async function serve(files: Record<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const body = files[(req.url ?? '/').split('?')[0]];
    if (body === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', body.startsWith('<!DOCTYPE') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no server address');
  // Stop by itself even if the bench is interrupted.
  server.unref();
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

const PAGE_HTML = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>scatter bench</title>
<style>html,body{margin:0;height:100%;background:#1e1e1e}canvas{display:block;width:100vw;height:100vh}</style></head>
<body><canvas id="c"></canvas><script src="/scatter.js"></script><script src="/bench.js"></script></body></html>`;

/** Runs in the page: synthetic clustered points, then timed panning. */
const PAGE_SCRIPT = `
(async () => {
  try {
    const q = new URLSearchParams(location.search);
    const n = Number(q.get('n')), seconds = Number(q.get('seconds'));
    let s = 12345;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const coords = new Float32Array(2 * n), lang = new Uint16Array(n);
    const centres = Array.from({ length: 40 }, () => [rnd() * 20 - 10, rnd() * 20 - 10]);
    for (let i = 0; i < n; i++) {
      const c = centres[i % centres.length];
      coords[2 * i] = c[0] + (rnd() + rnd() + rnd() - 1.5) * 1.5;
      coords[2 * i + 1] = c[1] + (rnd() + rnd() + rnd() - 1.5) * 1.5;
      lang[i] = i % 6;
    }
    const canvas = document.getElementById('c');
    // The panel's settings at 100k points (preserveDrawingBuffer, 3 px, alpha 0.55).
    const sc = new XlensScatter.ScatterGl(canvas, { preserveDrawingBuffer: true });
    sc.setStyle({ pointSize: 3, alpha: 0.55 });
    sc.setPoints(coords, lang);
    sc.setPalette([[55,148,255,255],[209,134,22,255],[137,209,133,255],[241,76,76,255],[177,128,215,255],[204,167,0,255]]);
    sc.fit();
    sc.renderNow();
    const gl = canvas.getContext('webgl2');
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const finishPx = new Uint8Array(4);
    const finish = () => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, finishPx);
    for (let k = 0; k < 20; k++) await frame(); // warm-up

    async function pan(sync) {
      const px = new Uint8Array(4);
      sc.onRender = sync ? () => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px) : undefined;
      sc.fit();
      await frame();
      finish(); // the redraw at rest after fit() is not part of what is timed
      const f0 = sc.frames, t0 = performance.now();
      const r0 = sc.fullRenders, m0 = sc.motionFrames, v0 = { ...sc.view };
      let t = 0, last = t0, longest = 0;
      while ((t = performance.now() - t0) < seconds * 1000) {
        // A brisk drag: 420 px/s right and 240 px/s down, reversing every 2 s, so the view
        // leaves the renderer's pan margin now and then and every point is redrawn.
        const dir = Math.floor(t / 2000) % 2 ? -1 : 1;
        const now = performance.now(), dt = (now - last) / 1000;
        longest = Math.max(longest, now - last);
        last = now;
        sc.pan(420 * dt * dir, 240 * dt * dir); // schedules a redraw
        await frame();
      }
      await frame();
      return {
        frames: sc.frames - f0,
        fps: +(((sc.frames - f0) * 1000) / (performance.now() - t0)).toFixed(1),
        fullRenders: sc.fullRenders - r0,
        motionFrames: sc.motionFrames - m0,
        longestMs: Math.round(longest),
        travelled: Math.round(Math.hypot(sc.view.x - v0.x, sc.view.y - v0.y) * sc.view.scale),
      };
    }
    const plain = await pan(false);
    const synced = await pan(true);
    // Not blank: count lit pixels with every point in view.
    sc.onRender = undefined;
    sc.fit();
    sc.renderNow();
    const copy = document.createElement('canvas');
    copy.width = canvas.width; copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let lit = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) lit++;
    // Every frame rebuilding the pan cache (what a drag costs without it).
    const full = await (async () => {
      sc.onRender = undefined;
      sc.fit();
      await frame();
      finish(); // the redraw at rest after fit() is not part of what is timed
      const f0 = sc.frames, t0 = performance.now();
      while (performance.now() - t0 < seconds * 1000) {
        sc.setStyle({}); // invalidates the pan cache
        sc.setView({ ...sc.view, x: sc.view.x - 1 / sc.view.scale }); // not a drag: no frame in motion
        await frame();
      }
      await frame();
      return +(((sc.frames - f0) * 1000) / (performance.now() - t0)).toFixed(1);
    })();
    // Zooming: a wheel held turning, the scale a triangle wave about the fitted scale.
    const zoom = await (async () => {
      sc.onRender = undefined;
      sc.fit();
      await frame();
      finish(); // the redraw at rest after fit() is not part of what is timed
      const fitted = sc.view.scale, cx = 0.4 * sc.size.width, cy = 0.45 * sc.size.height;
      const f0 = sc.frames, r0 = sc.fullRenders, m0 = sc.motionFrames, t0 = performance.now();
      let t = 0, last = t0, longest = 0;
      while ((t = performance.now() - t0) < seconds * 1000) {
        const phase = (t % 2000) / 2000, tri = phase < 0.5 ? 2 * phase : 2 - 2 * phase;
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        sc.zoomAt(cx, cy, (fitted * Math.pow(1.5, 2 * tri - 1)) / sc.view.scale); // schedules a redraw
        await frame();
      }
      const frames = sc.frames - f0, fullRenders = sc.fullRenders - r0, motionFrames = sc.motionFrames - m0;
      const fps = +((frames * 1000) / (performance.now() - t0)).toFixed(1);
      return { fps, frames, fullRenders, motionFrames, longestMs: Math.round(longest) };
    })();
    // GPU work per frame, each frame forced to finish (readPixels), no animation frames between:
    // zoom frames in motion, then (after the motion rests) exact redraws of every point.
    const work = await (async () => {
      sc.onRender = undefined;
      sc.fit();
      await frame();
      finish(); // the redraw at rest after fit() is not part of what is timed
      const px = new Uint8Array(4);
      const cx = 0.4 * sc.size.width, cy = 0.45 * sc.size.height;
      const time = (k, prep) => {
        const t0 = performance.now();
        for (let i = 0; i < k; i++) {
          prep(i);
          sc.renderNow();
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
        }
        return +((performance.now() - t0) / k).toFixed(1);
      };
      const m0 = sc.motionFrames;
      const motionMs = time(10, (i) => sc.zoomAt(cx, cy, i % 2 ? 1.3 : 1 / 1.3));
      const motion = sc.motionFrames - m0;
      await new Promise((r) => setTimeout(r, 1500)); // the motion rests
      await frame();
      const f0 = sc.fullRenders;
      const fullMs = time(3, () => { sc.setStyle({}); sc.setView({ ...sc.view }); });
      return { motionMs, motion, fullMs, full: sc.fullRenders - f0 };
    })();
    window.benchResult = { work, travelled: plain.travelled, fps: plain.fps, frames: plain.frames, fullRenders: plain.fullRenders, motionFrames: plain.motionFrames, longestMs: plain.longestMs, syncedFps: synced.fps, fullRedrawFps: full, zoomFps: zoom.fps, zoomFrames: zoom.frames, zoomFullRenders: zoom.fullRenders, zoomMotionFrames: zoom.motionFrames, zoomLongestMs: zoom.longestMs, renderer, litPixels: lit };
  } catch (e) {
    window.benchResult = String(e && e.stack || e);
  }
})();
`;

/**
 * GLSL of the scatter renderer (scatterGl.ts): the pass of all points (shape per point: disc, square…; palette texture lookup,
 * hidden languages, dimming), the emphasised points on top (emphasis sizes and outline rings),
 * translation edge lines, and the full-screen copy of the pan cache.
 */


/**
 * Point shapes (the per-point shape attribute, see SHAPE_* in scatterGl.ts): a normalised radius
 * of the sprite coordinate c ∈ [−1, 1]², 1 on the outline, for a disc, a square, an upward
 * triangle and a diamond of similar visual weight. GLSL, shared by the two point passes.
 */
const SHAPE_RADIUS = `
float shapeRadius(vec2 c, uint shape) {
  if (shape == 1u) return max(abs(c.x), abs(c.y)) * 1.128;            // square, the disc's area
  if (shape == 2u) {                                                  // triangle, apex up
    // Circumradius 1.15 (its base just fits the sprite), centred vertically; sprite y runs down.
    vec2 q = vec2(c.x, -c.y + 0.2875);
    return max(-q.y, max(dot(q, vec2(0.866, 0.5)), dot(q, vec2(-0.866, 0.5)))) * 1.739;
  }
  if (shape == 3u) return abs(c.x) + abs(c.y);                        // diamond
  return length(c);                                                   // disc
}`;

/**
 * The pass of all points (POINT_VS/FS draw only the emphasised points again on top). Software GL
 * pays per point and per interpolated value, so this pass has no rings, no branches on the pass
 * and one flat premultiplied colour for the fragment shader; same attributes as POINT_VS.
 */
export const BASE_VS = `#version 300 es
in vec2 a_pos;
in uint a_lang;
in uint a_flag;
in uint a_shape;
uniform vec2 u_centre;
uniform vec2 u_k;
uniform float u_size;
uniform float u_alpha;
uniform float u_dim;
uniform sampler2D u_palette;
flat out vec4 v_colour;
flat out uint v_shape;
void main() {
  vec4 p = texelFetch(u_palette, ivec2(int(a_lang), 0), 0);
  v_shape = a_shape;
  gl_Position = p.a == 0.0 ? vec4(2.0, 2.0, 2.0, 1.0) : vec4((a_pos - u_centre) * u_k, 0.0, 1.0);
  gl_PointSize = u_size;
  float alpha = u_alpha * (a_flag != 0u ? 1.0 : u_dim);
  v_colour = vec4(p.rgb * alpha, alpha);
}`;

export const BASE_FS = `#version 300 es
precision mediump float;
flat in vec4 v_colour;
flat in uint v_shape;
out vec4 outColour;
${SHAPE_RADIUS}
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r;
  if (v_shape == 0u) {
    float r2 = dot(c, c);
    if (r2 > 1.0) discard;
    r = sqrt(r2);
  } else {
    r = shapeRadius(c, v_shape);
    if (r > 1.0) discard;
  }
  outColour = v_colour * clamp((1.0 - r) * 4.0, 0.0, 1.0);
}`;

/** The emphasised points, drawn again on top of all points: larger, opaque, some ringed. */
export const POINT_VS = `#version 300 es
in vec2 a_pos;
in uint a_lang;
in uint a_flag;
in uint a_shape;
uniform vec2 u_centre;
uniform vec2 u_k;          // clip units per data unit
uniform float u_size;      // device pixels
uniform bool u_matchRing;  // ring search matches (only when few: thousands of rings are noise)
uniform sampler2D u_palette;
flat out vec4 v_colour;
flat out float v_ring;     // inner radius (0..1) where the outline ring starts; >1 = no ring
flat out uint v_shape;
void main() {
  vec4 p = texelFetch(u_palette, ivec2(int(a_lang), 0), 0);
  v_shape = a_shape;
  if (p.a == 0.0) {        // hidden language
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  gl_Position = vec4((a_pos - u_centre) * u_k, 0.0, 1.0);
  float size = u_size;
  v_ring = 2.0;
  if ((a_flag & 4u) != 0u) { size *= 2.6; v_ring = 0.55; }
  else if ((a_flag & 8u) != 0u) { size *= 2.0; v_ring = 0.5; }
  else if ((a_flag & 1u) != 0u) { size *= 1.6; v_ring = u_matchRing ? 0.5 : 2.0; }
  else { size *= 1.3; }  // selected: full colour, no ring (the shape outlines it)
  gl_PointSize = max(size, 7.0);
  v_colour = vec4(p.rgb, 1.0);
}`;

export const POINT_FS = `#version 300 es
precision mediump float;
flat in vec4 v_colour;
flat in float v_ring;
flat in uint v_shape;
uniform vec4 u_outline;
out vec4 outColour;
${SHAPE_RADIUS}
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r = shapeRadius(c, v_shape);
  if (r > 1.0) discard;
  // Soft edge over the outer ~1.5 px of the disc.
  float edge = clamp((1.0 - r) * 4.0, 0.0, 1.0);
  vec4 col = r > v_ring ? u_outline : v_colour;
  float a = col.a * edge;
  outColour = vec4(col.rgb * a, a);   // premultiplied
}`;

export const LINE_VS = `#version 300 es
in vec2 a_pos;
uniform vec2 u_centre;
uniform vec2 u_k;
void main() { gl_Position = vec4((a_pos - u_centre) * u_k, 0.0, 1.0); }`;

export const LINE_FS = `#version 300 es
precision mediump float;
uniform vec4 u_outline;
out vec4 outColour;
void main() { outColour = vec4(u_outline.rgb * 0.85, 0.85); }`;

// One triangle covering the viewport, from gl_VertexID (no buffers).
export const BLIT_VS = `#version 300 es
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}`;

export const BLIT_FS = `#version 300 es
precision highp float;
uniform sampler2D u_cache;
uniform vec2 u_half;       // half the viewport, device pixels
uniform vec2 u_centre;     // cache pixel under the viewport centre
uniform vec2 u_size;       // cache size
out vec4 outColour;
void main() {
  vec2 p = gl_FragCoord.xy - u_half + u_centre;
  outColour = any(lessThan(p, vec2(0.0))) || any(greaterThanEqual(p, u_size)) ? vec4(0.0) : texture(u_cache, p / u_size);
}`;

/**
 * Frames in motion that the pan cache cannot serve (scatterGl.ts, many points) take two passes,
 * each one texture tap per pixel (software GL runs both sides of a branch, so they are separate
 * programs): the density grid over the canvas where the cache does not reach, then the cache
 * resampled at the current view over the rectangle it covers (a scissor).
 *
 * MOTION_DENSITY_FS: the density grid (densityGrid.ts; the level of its pyramid chosen by the
 * zoom): the mean colour of the points there, at the opacity of as many overlapping discs as are
 * expected to cover the pixel.
 */
export const MOTION_DENSITY_FS = `#version 300 es
precision highp float;
uniform sampler2D u_density;
uniform vec2 u_half;        // half the viewport, device pixels
uniform vec2 u_view;        // data point at the viewport centre
uniform float u_ppu;        // device pixels per data unit
uniform vec4 u_grid;        // density grid: x0, y0, cell side, cells per side
uniform float u_lod;        // density level: the zoom is the same everywhere, so one per frame
uniform float u_pointArea;  // area of one drawn disc, device pixels²
uniform float u_alpha;      // opacity of one point
out vec4 outColour;
void main() {
  vec2 d = u_view + (gl_FragCoord.xy - u_half) / u_ppu;
  vec2 g = (d - u_grid.xy) / (u_grid.z * u_grid.w);
  vec4 dens = textureLod(u_density, g, u_lod);
  float cellPx = u_grid.z * u_ppu;
  float cover = dens.a / (cellPx * cellPx) * u_pointArea;
  float a = 1.0 - pow(1.0 - u_alpha, cover);
  // Outside the grid nothing (clamped sampling would smear its edge cells outwards).
  bool inside = all(greaterThanEqual(g, vec2(0.0))) && all(lessThanEqual(g, vec2(1.0))) && dens.a > 0.0;
  outColour = inside ? vec4(dens.rgb / max(dens.a, 1e-6) * a, a) : vec4(0.0);
}`;

/** MOTION_CACHE_FS: the pan cache resampled (nearest) at the current view. */
export const MOTION_CACHE_FS = `#version 300 es
precision highp float;
uniform sampler2D u_cache;
uniform vec2 u_half;        // half the viewport, device pixels
uniform vec2 u_view;        // data point at the viewport centre
uniform float u_ppu;        // device pixels per data unit
uniform vec2 u_cacheView;   // data point at the cache centre
uniform float u_cachePpu;   // cache pixels per data unit
uniform vec2 u_cacheSize;   // cache size in pixels
out vec4 outColour;
void main() {
  vec2 d = u_view + (gl_FragCoord.xy - u_half) / u_ppu;
  outColour = texture(u_cache, ((d - u_cacheView) * u_cachePpu + 0.5 * u_cacheSize) / u_cacheSize);
}`;

/** Compiles and links a program (attributes at the given locations); throws with the driver's log on failure. */
export function program(gl: WebGL2RenderingContext, vs: string, fs: string, locations: Record<string, number> = {}): WebGLProgram {
  const compile = (type: number, src: string) => {
    const s = gl.createShader(type)!;
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS) && !gl.isContextLost()) throw new Error(`shader: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const p = gl.createProgram()!;
  gl.attachShader(p, compile(gl.VERTEX_SHADER, vs));
  gl.attachShader(p, compile(gl.FRAGMENT_SHADER, fs));
  for (const [name, at] of Object.entries(locations)) if (at >= 0) gl.bindAttribLocation(p, at, name);
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS) && !gl.isContextLost()) throw new Error(`program: ${gl.getProgramInfoLog(p)}`);
  return p;
}

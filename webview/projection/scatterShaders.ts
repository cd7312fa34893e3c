/**
 * GLSL of the scatter renderer (scatterGl.ts): the pass of all points (glyph: disc or square; palette texture lookup,
 * hidden languages, dimming), the emphasised points on top (emphasis sizes and outline rings),
 * translation edge lines, and the full-screen copy of the pan cache.
 */

/**
 * The pass of all points (POINT_VS/FS draw only the emphasised points again on top). Software GL
 * pays per point and per interpolated value, so this pass has no rings, no branches on the pass
 * and one flat premultiplied colour for the fragment shader; same attributes as POINT_VS.
 */
export const BASE_VS = `#version 300 es
in vec2 a_pos;
in uint a_lang;
in uint a_flag;
in uint a_glyph;
uniform vec2 u_centre;
uniform vec2 u_k;
uniform float u_size;
uniform float u_alpha;
uniform float u_dim;
uniform sampler2D u_palette;
flat out vec4 v_colour;
flat out float v_square;
void main() {
  vec4 p = texelFetch(u_palette, ivec2(int(a_lang), 0), 0);
  gl_Position = p.a == 0.0 ? vec4(2.0, 2.0, 2.0, 1.0) : vec4((a_pos - u_centre) * u_k, 0.0, 1.0);
  gl_PointSize = u_size;
  float alpha = u_alpha * (a_flag != 0u ? 1.0 : u_dim);
  v_colour = vec4(p.rgb * alpha, alpha);
  v_square = float(a_glyph);
}`;

export const BASE_FS = `#version 300 es
precision mediump float;
flat in vec4 v_colour;
flat in float v_square;
out vec4 outColour;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  // Glyph 1 (documents) is a square a little inside the disc's box, so both read as the same size.
  float r = v_square > 0.5 ? max(abs(c.x), abs(c.y)) / 0.85 : length(c);
  if (r > 1.0) discard;
  outColour = v_colour * clamp((1.0 - r) * 4.0, 0.0, 1.0);
}`;

/** The emphasised points, drawn again on top of all points: larger, opaque, some ringed. */
export const POINT_VS = `#version 300 es
in vec2 a_pos;
in uint a_lang;
in uint a_flag;
in uint a_glyph;
uniform vec2 u_centre;
uniform vec2 u_k;          // clip units per data unit
uniform float u_size;      // device pixels
uniform bool u_matchRing;  // ring search matches (only when few: thousands of rings are noise)
uniform sampler2D u_palette;
flat out vec4 v_colour;
flat out float v_ring;     // inner radius (0..1) where the outline ring starts; >1 = no ring
flat out float v_square;
void main() {
  v_square = float(a_glyph);
  vec4 p = texelFetch(u_palette, ivec2(int(a_lang), 0), 0);
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
flat in float v_square;
uniform vec4 u_outline;
out vec4 outColour;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r = v_square > 0.5 ? max(abs(c.x), abs(c.y)) / 0.85 : length(c);
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

// Checking the SVG of an icon (IconPackMixin). Pure: no I/O. An icon may be shown inline by a
// client, so what passes must be inert markup: one <svg> root, only drawing elements from an
// allow-list, no event-handler attributes (on*), no references outside the document (href and
// url() only to "#fragment"), no entities, comments, doctype or processing instructions, and no
// character references in attribute values (they could spell "javascript:" past the checks).
// Anything the small tokenizer below does not recognise is refused, not guessed at.

export class SvgError extends Error {}

export const MAX_SVG_LENGTH = 16 * 1024;

const ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'rect',
  'title',
  'desc',
  'defs',
  'symbol',
  'use',
  'lineargradient',
  'radialgradient',
  'stop',
  'clippath',
  'mask',
  'pattern',
  'text',
  'tspan',
]);

// A tag: <name attrs> or </name> or <name attrs/>. Attributes separated by whitespace, values
// quoted or unquoted. (Sticky: it must match exactly where a '<' is found.)
const TAG =
  /<(\/?)([A-Za-z][A-Za-z0-9:._-]*)((?:\s+[A-Za-z_:][A-Za-z0-9:._-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTRIBUTE = /([A-Za-z_:][A-Za-z0-9:._-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

function unquote(raw: string | undefined): string {
  if (raw === undefined) return '';
  return raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
}

function checkAttribute(element: string, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('on')) throw new SvgError(`<${element}> has an event handler attribute "${name}"`);
  if (value.includes('&')) throw new SvgError(`<${element}> attribute "${name}" contains a character reference`);
  if (/javascript:|vbscript:|data:/i.test(value))
    throw new SvgError(`<${element}> attribute "${name}" contains a script or data URL`);
  if ((lower === 'href' || lower.endsWith(':href')) && !value.startsWith('#'))
    throw new SvgError(`<${element}> attribute "${name}" refers outside the icon (only "#id" is allowed)`);
  for (const m of value.matchAll(/url\s*\(\s*(['"]?)([^)]*)\)/gi))
    if (!m[2]!.trim().replace(/^['"]/, '').startsWith('#'))
      throw new SvgError(`<${element}> attribute "${name}" has url() outside the icon (only "url(#id)" is allowed)`);
  if (/@import|expression\s*\(/i.test(value))
    throw new SvgError(`<${element}> attribute "${name}" contains @import or expression()`);
}

/** Throws SvgError (saying why) unless `svg` is a safe, self-contained <svg> document. */
export function checkSvg(svg: unknown): string {
  if (typeof svg !== 'string') throw new SvgError('must be a string');
  const text = svg.trim();
  if (text.length === 0) throw new SvgError('is empty');
  if (text.length > MAX_SVG_LENGTH) throw new SvgError(`is longer than ${MAX_SVG_LENGTH} characters`);
  if (!/^<svg[\s>/]/i.test(text)) throw new SvgError('must start with <svg');
  const open: string[] = [];
  let roots = 0;
  let at = 0;
  while (at < text.length) {
    const lt = text.indexOf('<', at);
    if (lt < 0) {
      if (open.length === 0 && text.slice(at).trim()) throw new SvgError('has text after </svg>');
      break;
    }
    if (open.length === 0 && text.slice(at, lt).trim()) throw new SvgError('has text outside <svg>');
    TAG.lastIndex = lt;
    const m = TAG.exec(text);
    if (!m) {
      const what =
        text.startsWith('<!', lt) || text.startsWith('<?', lt)
          ? 'a comment, doctype, entity or processing instruction'
          : 'malformed markup';
      throw new SvgError(`has ${what} at character ${lt}`);
    }
    const [, closing, rawName, attrs, selfClosing] = m;
    const name = rawName!.toLowerCase();
    if (!ELEMENTS.has(name)) throw new SvgError(`has a <${rawName}> element (not allowed in icons)`);
    if (closing) {
      if (attrs!.trim() || selfClosing) throw new SvgError(`has a malformed </${rawName}>`);
      if (open.pop() !== name) throw new SvgError(`has an unbalanced </${rawName}>`);
    } else {
      if (open.length === 0 && (name !== 'svg' || ++roots > 1)) throw new SvgError('must have exactly one <svg> root');
      for (const a of attrs!.matchAll(ATTRIBUTE)) checkAttribute(rawName!, a[1]!, unquote(a[2]));
      if (!selfClosing) open.push(name);
    }
    at = TAG.lastIndex;
  }
  if (open.length > 0) throw new SvgError(`has an unclosed <${open[open.length - 1]}>`);
  return text;
}

// Markdown written by outside parties (testers' finding descriptions, organisations' rectification notes) turned into
// a DOM fragment that cannot run script, load remote content or carry raw HTML:
//   - raw HTML in the source is shown as text, never parsed (marked's html tokens are escaped);
//   - DOMPurify removes anything dangerous that Markdown itself can produce (javascript: links and the like);
//   - links open in a new tab with rel="noopener noreferrer";
//   - images are kept only when they come from this server (a path starting with "/"), otherwise replaced by
//     their alt text, so a description cannot make the browser fetch from an outside host.
import createDOMPurify, { type DOMPurify } from 'dompurify'
import { Marked, type Tokens } from 'marked'

const ALLOWED_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'img',
  'li',
  'ol',
  'p',
  'pre',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
  'input',
]
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'align', 'type', 'checked', 'disabled', 'start']

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

const markdown = new Marked({
  async: false,
  gfm: true,
  breaks: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text)
    },
  },
})

/** Same-origin path: "/x" but not protocol-relative "//host/x" nor "/\host". */
function isOwnServerPath(src: string): boolean {
  return src.startsWith('/') && !src.startsWith('//') && !src.startsWith('/\\')
}

type PurifierWindow = Window & typeof globalThis
const purifiers = new WeakMap<PurifierWindow, DOMPurify>()

function purifierFor(window: PurifierWindow): DOMPurify {
  const existing = purifiers.get(window)
  if (existing) return existing
  const purify = createDOMPurify(window)
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      node.setAttribute('target', '_blank')
      node.setAttribute('rel', 'noopener noreferrer')
    }
  })
  purifiers.set(window, purify)
  return purify
}

/** Markdown → sanitised fragment, ready to be appended to an element (never assigned as innerHTML by callers). */
export function renderSafeMarkdown(
  source: string,
  window: PurifierWindow = globalThis.window,
): DocumentFragment {
  const html = markdown.parse(source, { async: false })
  const fragment = purifierFor(window).sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ADD_ATTR: ['target', 'rel'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  })
  // Replaced after sanitising rather than inside a hook: changing the tree while DOMPurify walks it is fragile.
  for (const image of fragment.querySelectorAll('img')) {
    const src = image.getAttribute('src') ?? ''
    if (!isOwnServerPath(src))
      image.replaceWith(image.ownerDocument.createTextNode(image.getAttribute('alt') ?? ''))
  }
  return fragment
}

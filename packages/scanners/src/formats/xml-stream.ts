// A guarded streaming XML reader. saxes never expands entities it was not told about and never fetches anything;
// on top of it we refuse DOCTYPEs that declare entities, cap the size of any single text or name, and hand the
// parsers small subtrees (one <ReportItem>, one <issue> …) instead of a DOM of the whole file.
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { describePosition, ScanParseError } from '../scan-parse-error'

export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  /** Text and CDATA directly inside this element (not of its children), capped. */
  text: string
}

export interface XmlHandlers {
  /** Called with the root element's name before anything else; throw to refuse the document. */
  root(name: string, attrs: Record<string, string>): void
  /** Whether to build the subtree of the element at this path (names from the root, the element last). */
  capture(path: readonly string[]): boolean
  /** Receives a captured subtree when its element closes. */
  element(element: XmlElement, path: readonly string[]): void
  /** Optional: every opening tag outside captured subtrees. */
  open?(name: string, attrs: Record<string, string>, path: readonly string[]): void
  /** Optional: every closing tag outside captured subtrees (path still includes the element). */
  close?(path: readonly string[]): void
  /** Element names whose content is never recorded inside a captured subtree (bulky and unused). */
  ignore?: ReadonlySet<string>
}

export interface XmlLimits {
  /** Longest run of text, attribute value, comment or DOCTYPE the parser may buffer (characters). */
  maxNodeChars: number
  /** Text kept per captured element; the rest is dropped. */
  maxElementText: number
  /** Elements in one captured subtree. */
  maxSubtreeElements: number
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxNodeChars: 64 * 1024 * 1024,
  maxElementText: 256 * 1024,
  maxSubtreeElements: 200_000,
}

// saxes keeps the text it has not emitted yet in private fields; reading their length is the only way to stop
// a single gigantic text node (or attribute, comment, DOCTYPE) from growing without bound.
type SaxesBuffers = { text?: unknown; name?: unknown; entity?: unknown }

function bufferedChars(parser: SaxesParser): number {
  const buffers = parser as unknown as SaxesBuffers
  let total = 0
  for (const value of [buffers.text, buffers.name, buffers.entity]) {
    if (typeof value === 'string') total += value.length
  }
  return total
}

const SAXES_POSITION = /^(?:[^:]*:)?\d+:\d+: /

function chunkBy(text: string, size: number): string[] {
  if (text.length <= size) return [text]
  const parts: string[] = []
  for (let offset = 0; offset < text.length; offset += size) parts.push(text.slice(offset, offset + size))
  return parts
}

/**
 * Reads XML text chunks, calling the handlers as elements complete. Throws ScanParseError for malformed,
 * truncated or hostile documents, naming the line and column.
 */
export async function readXml(
  chunks: AsyncIterable<string>,
  handlers: XmlHandlers,
  limits: XmlLimits = DEFAULT_XML_LIMITS,
): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: true })
  const path: string[] = []
  // The captured subtree being built: its elements from the capture root down to the current one.
  const stack: XmlElement[] = []
  let captureDepth = -1
  let subtreeElements = 0
  let ignoredDepth = -1
  let sawRoot = false
  const ignore = handlers.ignore ?? new Set<string>()

  const appendText = (text: string) => {
    if (ignoredDepth >= 0) return
    const top = stack[stack.length - 1]
    if (!top) return
    const room = limits.maxElementText - top.text.length
    if (room > 0) top.text += text.length > room ? text.slice(0, room) : text
  }

  parser.on('doctype', (doctype) => {
    // Entity declarations are what billion-laughs and XXE need; a report has no use for them.
    if (/<!ENTITY/i.test(doctype)) {
      throw new ScanParseError(
        `XML DOCTYPE declares entities (${describePosition(parser.line)}); refused: entity declarations are not accepted in scan reports`,
        { kind: 'hostile', line: parser.line },
      )
    }
  })
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const attrs = tag.attributes as Record<string, string>
    path.push(tag.name)
    if (!sawRoot) {
      sawRoot = true
      handlers.root(tag.name, attrs)
    }
    if (captureDepth >= 0) {
      subtreeElements += 1
      if (subtreeElements > limits.maxSubtreeElements) {
        throw new ScanParseError(
          `XML element <${path[captureDepth]}> has more than ${limits.maxSubtreeElements} descendants (${describePosition(parser.line, parser.column)})`,
          { kind: 'hostile', line: parser.line, column: parser.column },
        )
      }
      if (ignoredDepth >= 0) return
      const element: XmlElement = { name: tag.name, attrs, children: [], text: '' }
      stack[stack.length - 1]?.children.push(element)
      stack.push(element)
      if (ignore.has(tag.name)) ignoredDepth = path.length - 1
      return
    }
    if (handlers.capture(path)) {
      captureDepth = path.length - 1
      subtreeElements = 1
      stack.push({ name: tag.name, attrs, children: [], text: '' })
      return
    }
    handlers.open?.(tag.name, attrs, path)
  })
  parser.on('text', appendText)
  parser.on('cdata', appendText)
  parser.on('closetag', () => {
    const depth = path.length - 1
    if (captureDepth >= 0) {
      if (ignoredDepth >= 0 && depth > ignoredDepth) {
        path.pop()
        return
      }
      if (ignoredDepth === depth) ignoredDepth = -1
      const element = stack.pop()
      if (depth === captureDepth) {
        captureDepth = -1
        if (element) handlers.element(element, path)
      }
      path.pop()
      return
    }
    handlers.close?.(path)
    path.pop()
  })

  const fail = (error: unknown): never => {
    if (error instanceof ScanParseError) throw error
    const raw = error instanceof Error ? error.message : String(error)
    const message = raw.replace(SAXES_POSITION, '').replace(/\.$/, '')
    const where = describePosition(parser.line, parser.column + 1)
    const hostile = /undefined entity/.test(message)
    throw new ScanParseError(
      hostile
        ? `XML refers to an undeclared entity (${where}); refused: entities are not expanded`
        : `invalid XML at ${where}: ${message}`,
      { kind: hostile ? 'hostile' : 'malformed', line: parser.line, column: parser.column + 1, cause: error },
    )
  }

  try {
    for await (const chunk of chunks) {
      // Feeding in bounded pieces lets us check the buffered text between pieces.
      for (const piece of chunkBy(chunk, 1024 * 1024)) {
        parser.write(piece)
        if (bufferedChars(parser) > limits.maxNodeChars) {
          throw new ScanParseError(
            `XML text node, attribute or comment near ${describePosition(parser.line)} exceeds ${limits.maxNodeChars} characters; refused`,
            { kind: 'hostile', line: parser.line },
          )
        }
      }
    }
    parser.close()
  } catch (error) {
    fail(error)
  }
  if (!sawRoot) throw new ScanParseError('XML document has no root element', { kind: 'malformed' })
}

// ---- Small helpers for walking captured subtrees ----

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name)
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((candidate) => candidate.name === name) : []
}

/** Follows a slash-separated path of child names, first match at each step. */
export function find(element: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = element
  for (const name of path.split('/')) current = child(current, name)
  return current
}

/** All elements reached by a slash-separated path (every match at every step). */
export function findAll(element: XmlElement | undefined, path: string): XmlElement[] {
  let current = element ? [element] : []
  for (const name of path.split('/')) current = current.flatMap((node) => childrenNamed(node, name))
  return current
}

/** Text of the element at the path, or undefined when there is no such element. */
export function findText(element: XmlElement | undefined, path: string): string | undefined {
  return find(element, path)?.text
}

/** Trimmed text at the path; undefined when absent or blank. */
export function findValue(element: XmlElement | undefined, path: string): string | undefined {
  const text = findText(element, path)?.trim()
  return text ? text : undefined
}

/** Every descendant with this name, depth first. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = []
  const walk = (node: XmlElement) => {
    for (const next of node.children) {
      if (next.name === name) found.push(next)
      walk(next)
    }
  }
  walk(element)
  return found
}

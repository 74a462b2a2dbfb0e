import { describe, expect, it } from 'vitest'

// Text from the API is hostile (finding descriptions, names typed by testers and organisations). The rule of this
// app: render it as text, or as Markdown through SafeMarkdown; never hand a string to the browser's HTML parser.
const sources = import.meta.glob<string>(['./**/*.{ts,tsx}', '!./**/*.test.{ts,tsx}'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

const RAW_HTML_SINKS = [
  /dangerouslySetInnerHTML/,
  /\.innerHTML\s*=/,
  /\.outerHTML\s*=/,
  /insertAdjacentHTML/,
  /document\.write/,
]

describe('the web sources', () => {
  it('were all found', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20)
    expect(Object.keys(sources)).toContain('./components/safe-markdown.ts')
  })

  it('never pass strings to an HTML sink', () => {
    const offenders = Object.entries(sources).flatMap(([path, text]) =>
      RAW_HTML_SINKS.filter((sink) => sink.test(text)).map((sink) => `${path}: ${sink.source}`),
    )
    expect(offenders).toEqual([])
  })
})

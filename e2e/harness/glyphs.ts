import type { Page } from 'playwright-core'

export type GlyphReport = {
  /** Characters checked (unique). */
  characters: number
  /** How many of them drew a distinct picture: "tofu" boxes all look the same. */
  distinctShapes: number
  /** How many drew exactly what an unassigned code point draws (the missing-glyph box). */
  sameAsMissingGlyph: number
  /** How many left ink on the canvas at all. */
  inked: number
  fontFamily: string
}

// Runs in the page, as source text: the root typecheck has no DOM library, and this keeps it honest about that.
const MEASURE = `(text) => {
  const canvas = document.createElement('canvas')
  canvas.width = 48
  canvas.height = 48
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  const fontFamily = getComputedStyle(document.body).fontFamily
  const draw = (ch) => {
    ctx.clearRect(0, 0, 48, 48)
    ctx.font = '32px ' + fontFamily
    ctx.fillStyle = '#000'
    ctx.textBaseline = 'top'
    ctx.fillText(ch, 4, 4)
    const alpha = []
    const data = ctx.getImageData(0, 0, 48, 48).data
    for (let i = 3; i < data.length; i += 4) alpha.push(data[i])
    return alpha.join(',')
  }
  const missing = draw('\\u0378')
  const chars = [...new Set([...text])]
  const shapes = chars.map(draw)
  return {
    characters: chars.length,
    distinctShapes: new Set(shapes).size,
    sameAsMissingGlyph: shapes.filter((s) => s === missing).length,
    inked: shapes.filter((s) => /[1-9]/.test(s)).length,
    fontFamily,
  }
}`

/** Draws each character of `text` with the page's font and reports whether real glyphs came out. */
export async function glyphReport(page: Page, text: string): Promise<GlyphReport> {
  return page.evaluate<GlyphReport>(`(${MEASURE})(${JSON.stringify(text)})`)
}

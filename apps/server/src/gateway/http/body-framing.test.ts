import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { BodyFraming } from './body-framing'

function chunked(pieces: Buffer[], trailers = ''): Buffer {
  const parts = pieces.map((p) =>
    Buffer.concat([Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]),
  )
  return Buffer.concat([...parts, Buffer.from(`0\r\n${trailers}\r\n`)])
}

/** Feeds `data` in the given split sizes; returns where the body ended and what was captured. */
function feed(framing: BodyFraming, data: Buffer, cuts: number[]): { end: number } {
  let at = 0
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b)
  const chunks: Buffer[] = []
  let last = 0
  for (const p of [...points, data.length]) {
    chunks.push(data.subarray(last, p))
    last = p
  }
  for (const chunk of chunks) {
    if (framing.done) break
    const used = framing.consume(chunk, 0)
    at += used
    if (used < chunk.length) break
  }
  return { end: at }
}

describe('body framing', () => {
  test('a chunked body ends exactly after its last chunk and trailers, wherever the packets split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (pieces, cuts, withTrailer) => {
          const body = chunked(
            pieces.map((p) => Buffer.from(p)),
            withTrailer ? 'X-Trailer: yes\r\n' : '',
          )
          const data = Buffer.concat([body, Buffer.from('GET /next HTTP/1.1\r\n')])
          const framing = new BodyFraming('chunked', 0, 100_000)
          const { end } = feed(framing, data, cuts)
          expect(framing.done).toBe(true)
          expect(framing.error).toBeNull()
          expect(end).toBe(body.length)
          expect(framing.body().equals(Buffer.concat(pieces.map((p) => Buffer.from(p))))).toBe(true)
        },
      ),
    )
  })

  test('a length-delimited body stops at its length; capture keeps only the first bytes', () => {
    const framing = new BodyFraming('length', 10, 4)
    expect(framing.consume(Buffer.from('0123456'), 0)).toBe(7)
    expect(framing.consume(Buffer.from('789NEXT'), 0)).toBe(3)
    expect(framing.done).toBe(true)
    expect(framing.body().toString()).toBe('0123')
    expect(framing.bytes).toBe(10)
  })

  test('chunk extensions are allowed; malformed sizes and oversized lines are errors', () => {
    const ext = new BodyFraming('chunked', 0)
    ext.consume(Buffer.from('3;name=value\r\nabc\r\n0\r\n\r\n'), 0)
    expect(ext.done && ext.error === null).toBe(true)
    for (const bad of ['zz\r\n', '3\r\nabcX\r\n', '\r\n', 'fffffffffffff\r\n']) {
      const framing = new BodyFraming('chunked', 0)
      framing.consume(Buffer.from(bad), 0)
      expect(framing.error, JSON.stringify(bad)).not.toBeNull()
    }
    const long = new BodyFraming('chunked', 0)
    long.consume(Buffer.from(`1;${'x'.repeat(5000)}`), 0)
    expect(long.error).toBe('chunk extension too long')
  })

  test('a close-delimited body takes everything until the end', () => {
    const framing = new BodyFraming('close', 0)
    expect(framing.consume(Buffer.from('abc'), 0)).toBe(3)
    expect(framing.done).toBe(false)
    framing.end()
    expect(framing.done).toBe(true)
  })
})

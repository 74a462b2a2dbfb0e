// Reports arrive as UTF-8 mostly, sometimes with a BOM, as UTF-16 (Windows exports) or, from Chinese Windows
// machines, as GBK/GB18030 CSV. We decode as we stream, so no encoding ever needs the whole file in memory.

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252'

export interface SniffedEncoding {
  encoding: TextEncoding
  /** Bytes of byte-order mark to skip. */
  bomLength: number
}

const XML_ENCODING = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/

function fromLabel(label: string): TextEncoding | null {
  const name = label.toLowerCase()
  if (name === 'utf-8' || name === 'utf8') return 'utf-8'
  if (['gbk', 'gb2312', 'gb18030', 'cp936', 'x-gbk'].includes(name)) return 'gb18030'
  if (['iso-8859-1', 'latin1', 'latin-1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii'].includes(name)) {
    return 'windows-1252'
  }
  if (name === 'utf-16le') return 'utf-16le'
  if (name === 'utf-16be') return 'utf-16be'
  return null
}

/** Whether the bytes are valid UTF-8, ignoring a sequence cut off at the end. */
function isUtf8(bytes: Uint8Array): boolean {
  let end = bytes.byteLength
  // Step back over a trailing incomplete multi-byte sequence (at most 3 bytes).
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back] ?? 0
    if ((byte & 0xc0) !== 0x80) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
      if (needed > back) end -= back
      break
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end))
    return true
  } catch {
    return false
  }
}

export function sniffEncoding(head: Uint8Array): SniffedEncoding {
  const [b0, b1, b2] = [head[0], head[1], head[2]]
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 }
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 }
  if (b0 !== undefined && b0 !== 0 && b1 === 0 && head[3] === 0 && head[2] !== 0) {
    return { encoding: 'utf-16le', bomLength: 0 }
  }
  if (b0 === 0 && b1 !== undefined && b1 !== 0 && head[2] === 0) return { encoding: 'utf-16be', bomLength: 0 }
  const start = Buffer.from(head.subarray(0, 200)).toString('latin1')
  const declared = XML_ENCODING.exec(start)?.[1]
  if (declared) {
    const encoding = fromLabel(declared)
    if (encoding) return { encoding, bomLength: 0 }
  }
  if (isUtf8(head)) return { encoding: 'utf-8', bomLength: 0 }
  // Not UTF-8: in this platform's setting the other encoding met in practice is GBK (a subset of GB18030).
  return { encoding: 'gb18030', bomLength: 0 }
}

/** Decodes a head for sniffing (replacement characters where the bytes are not valid). */
export async function decodeHead(head: Uint8Array): Promise<string> {
  const { encoding, bomLength } = sniffEncoding(head)
  let text = ''
  for await (const part of decodeChunks([head], encoding, bomLength)) text += part
  return text
}

export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding: TextEncoding,
  bomLength: number,
): AsyncGenerator<string> {
  let skip = bomLength
  const strip = (chunk: Uint8Array): Uint8Array => {
    if (skip === 0) return chunk
    const cut = Math.min(skip, chunk.byteLength)
    skip -= cut
    return chunk.subarray(cut)
  }
  if (encoding === 'gb18030') {
    const iconv = (await import('iconv-lite')).default
    const decoder = iconv.getDecoder('gb18030')
    for await (const chunk of chunks) {
      const text = decoder.write(Buffer.from(strip(chunk)))
      if (text) yield text
    }
    const rest = decoder.end()
    if (rest) yield rest
    return
  }
  const decoder = new TextDecoder(encoding, { ignoreBOM: true })
  for await (const chunk of chunks) {
    const text = decoder.decode(strip(chunk), { stream: true })
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}

// What a file is, judged by its content (never by its name or the client's Content-Type header).
import { fileTypeFromBuffer } from 'file-type'

export const SNIFF_BYTES = 64 * 1024

function isUtf8Text(head: Uint8Array): boolean {
  if (head.includes(0)) return false
  try {
    // A multi-byte character may be cut at the end of the head: drop up to 3 trailing bytes before the strict decode.
    const decoder = new TextDecoder('utf-8', { fatal: true })
    for (let cut = 0; cut <= 3; cut++) {
      try {
        decoder.decode(head.subarray(0, head.length - cut))
        return true
      } catch {
        // try a shorter prefix
      }
    }
    return false
  } catch {
    return false
  }
}

/** The media type of a file from its first bytes; `null` when it is neither a known binary format nor UTF-8 text. */
export async function sniffMediaType(head: Uint8Array, originalName = ''): Promise<string | null> {
  const detected = await fileTypeFromBuffer(head)
  if (detected) return detected.mime
  if (!isUtf8Text(head)) return null
  const text = new TextDecoder().decode(head.subarray(0, 2048)).trimStart()
  if (text.startsWith('{') && /"log"\s*:\s*\{/.test(text)) return 'application/har+json'
  if (text.startsWith('{') || text.startsWith('[')) return 'application/json'
  if (/^<svg[\s>]/i.test(text) || /<svg[\s>]/i.test(text.slice(0, 512))) return 'image/svg+xml'
  if (/^<!doctype html|^<html[\s>]/i.test(text)) return 'text/html'
  if (text.startsWith('<')) return 'application/xml'
  if (/\.csv$/i.test(originalName)) return 'text/csv'
  return 'text/plain'
}

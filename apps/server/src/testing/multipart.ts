// A multipart/form-data body as a browser's FormData sends it: the text fields first, then one file part.
import { randomBytes } from 'node:crypto'

export function multipartBody(
  fields: Record<string, string>,
  file: { name: string; content: Buffer; type?: string },
): { payload: Buffer; contentType: string } {
  const boundary = `----wangan${randomBytes(8).toString('hex')}`
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      'utf8',
    ),
  )
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    'utf8',
  )
  return {
    payload: Buffer.concat([...parts, head, file.content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

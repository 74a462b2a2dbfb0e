// The first bytes of a tunnel: a TLS ClientHello (and the server name it asks for), plain HTTP, or something else.
// Only the first chunk is looked at; a ClientHello split across packets simply yields no name.

/** Whether the bytes start a TLS handshake record (content type 22, version 3.x). */
export function isTlsClientHello(data: Buffer): boolean {
  return data.length >= 6 && data[0] === 0x16 && data[1] === 0x03 && data[5] === 0x01
}

/** The server_name of a ClientHello, or null when absent or not in these bytes. */
export function serverNameOf(data: Buffer): string | null {
  if (!isTlsClientHello(data)) return null
  const recordEnd = Math.min(data.length, 5 + data.readUInt16BE(3))
  let at = 5 + 4 + 2 + 32 // handshake header, client version, random
  if (at >= recordEnd) return null
  at += 1 + data[at]! // session id
  if (at + 2 > recordEnd) return null
  at += 2 + data.readUInt16BE(at) // cipher suites
  if (at + 1 > recordEnd) return null
  at += 1 + data[at]! // compression methods
  if (at + 2 > recordEnd) return null
  const extensionsEnd = Math.min(recordEnd, at + 2 + data.readUInt16BE(at))
  at += 2
  while (at + 4 <= extensionsEnd) {
    const type = data.readUInt16BE(at)
    const length = data.readUInt16BE(at + 2)
    at += 4
    if (type === 0 && at + length <= extensionsEnd) {
      let entry = at + 2
      const listEnd = Math.min(at + length, at + 2 + data.readUInt16BE(at))
      while (entry + 3 <= listEnd) {
        const nameType = data[entry]!
        const nameLength = data.readUInt16BE(entry + 1)
        entry += 3
        if (entry + nameLength > listEnd) return null
        if (nameType === 0) {
          const name = data.toString('latin1', entry, entry + nameLength).toLowerCase()
          return /^[a-z0-9.-]{1,253}$/.test(name) ? name : null
        }
        entry += nameLength
      }
      return null
    }
    at += length
  }
  return null
}

/** Whether the bytes start an HTTP/1.x request in origin form (`GET /…`). */
export function looksLikeHttpRequest(data: Buffer): boolean {
  const text = data.toString('latin1', 0, Math.min(data.length, 16))
  return /^[A-Z]{3,12} \//.test(text)
}

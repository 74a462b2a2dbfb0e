import { connect } from 'node:tls'
import { createServer as createTcpServer, type AddressInfo } from 'node:net'
import { describe, expect, test } from 'vitest'
import { isTlsClientHello, looksLikeHttpRequest, serverNameOf } from './tls-sniff'

async function firstBytesOf(open: (port: number) => void): Promise<Buffer> {
  return new Promise((resolve) => {
    const server = createTcpServer((socket) => {
      socket.once('data', (data: Buffer) => {
        resolve(data)
        socket.destroy()
        server.close()
      })
    })
    server.listen(0, '127.0.0.1', () => open((server.address() as AddressInfo).port))
  })
}

describe('sniffing a tunnel’s first bytes', () => {
  test('the server name of a real ClientHello', async () => {
    const hello = await firstBytesOf((port) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        servername: 'www.jyj.example.gov.cn',
        rejectUnauthorized: false,
      })
      socket.on('error', () => socket.destroy())
    })
    expect(isTlsClientHello(hello)).toBe(true)
    expect(serverNameOf(hello)).toBe('www.jyj.example.gov.cn')
    expect(looksLikeHttpRequest(hello)).toBe(false)
  })

  test('no name without SNI; truncated or foreign bytes are not mistaken', async () => {
    const hello = await firstBytesOf((port) => {
      const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false })
      socket.on('error', () => socket.destroy())
    })
    expect(serverNameOf(hello)).toBeNull()
    expect(serverNameOf(hello.subarray(0, 20))).toBeNull()
    expect(isTlsClientHello(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'))).toBe(false)
    expect(looksLikeHttpRequest(Buffer.from('GET /index.html HTTP/1.1\r\n'))).toBe(true)
    expect(looksLikeHttpRequest(Buffer.from('SSH-2.0-OpenSSH'))).toBe(false)
  })
})

// Test support: clients that speak to the gateway at the byte level (HTTP forward proxy, CONNECT, SOCKS5), for the
// cases a packaged client cannot produce (malformed requests, pipelining, exact SOCKS replies).
import { request as httpRequest } from 'node:http'
import { connect, isIPv4, isIPv6, type Socket } from 'node:net'

export function basicAuth(token: string, user = 'tester'): string {
  return `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`
}

export type ProxiedResponse = {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A request through the forward proxy by Node's own HTTP client (absolute-form target). */
export function viaProxy(
  proxyPort: number,
  url: string,
  options: { token?: string; method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<ProxiedResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: proxyPort,
        method: options.method ?? 'GET',
        path: url,
        headers: {
          host: target.host,
          ...(options.token ? { 'proxy-authorization': basicAuth(options.token) } : {}),
          ...(options.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

/** Sends raw bytes and collects everything until the server closes (or `untilMs` passes). */
export function rawExchange(port: number, bytes: string | Buffer, untilMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    const timer = setTimeout(() => socket.destroy(), untilMs)
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks).toString('latin1'))
    })
    socket.on('error', reject)
    socket.write(bytes)
  })
}

/** Reads from a socket until `done` says the bytes so far are enough. */
export function readUntil(
  socket: Socket,
  done: (data: Buffer) => boolean,
  timeoutMs = 5_000,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0)
    const timer = setTimeout(
      () => finish(new Error(`timed out; got ${JSON.stringify(data.toString('latin1'))}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk])
      if (done(data)) finish(null)
    }
    const onClose = () =>
      finish(done(data) ? null : new Error(`closed; got ${JSON.stringify(data.toString('latin1'))}`))
    function finish(error: Error | null) {
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('close', onClose)
      if (error) reject(error)
      else resolve(data)
    }
    socket.on('data', onData)
    socket.on('close', onClose)
  })
}

export function opened(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Opens a CONNECT tunnel; resolves with the socket and the proxy's status line. */
export async function connectTunnel(
  proxyPort: number,
  authority: string,
  token: string | null,
): Promise<{ socket: Socket; status: number; head: string }> {
  const socket = await opened('127.0.0.1', proxyPort)
  socket.write(
    `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${token ? `Proxy-Authorization: ${basicAuth(token)}\r\n` : ''}\r\n`,
  )
  const data = await readUntil(socket, (d) => d.includes('\r\n\r\n'))
  const head = data.toString('latin1')
  return { socket, status: Number(head.slice(9, 12)), head }
}

export type SocksTarget = { host?: string; ip?: string; port: number }

/** SOCKS5 greeting, RFC 1929 authentication and CONNECT; resolves with the reply code and the open socket. */
export async function socks5(
  port: number,
  credentials: { user: string; password: string } | null,
  target: SocksTarget,
): Promise<{ socket: Socket; method: number; auth: number | null; reply: number | null }> {
  const socket = await opened('127.0.0.1', port)
  socket.write(Buffer.from(credentials ? [5, 2, 0, 2] : [5, 1, 0]))
  const greeting = await readUntil(socket, (d) => d.length >= 2)
  const method = greeting[1]!
  if (method !== 2) return { socket, method, auth: null, reply: null }
  const user = Buffer.from(credentials!.user)
  const password = Buffer.from(credentials!.password)
  socket.write(Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([password.length]), password]))
  const auth = (await readUntil(socket, (d) => d.length >= 2))[1]!
  if (auth !== 0) return { socket, method, auth, reply: null }
  let address: Buffer
  if (target.ip && isIPv4(target.ip)) address = Buffer.from([1, ...target.ip.split('.').map(Number)])
  else if (target.ip && isIPv6(target.ip)) {
    const full = new URL(`http://[${target.ip}]/`).hostname.slice(1, -1)
    const [head = '', tail = ''] = full.split('::')
    const left = head ? head.split(':') : []
    const right = tail ? tail.split(':') : []
    const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    const bytes = Buffer.alloc(16)
    groups.forEach((g, i) => bytes.writeUInt16BE(parseInt(g, 16), i * 2))
    address = Buffer.concat([Buffer.from([4]), bytes])
  } else {
    const name = Buffer.from(target.host ?? '')
    address = Buffer.concat([Buffer.from([3, name.length]), name])
  }
  const portBytes = Buffer.alloc(2)
  portBytes.writeUInt16BE(target.port)
  socket.write(Buffer.concat([Buffer.from([5, 1, 0]), address, portBytes]))
  const reply = await readUntil(socket, (d) => d.length >= (d[3] === 4 ? 22 : 10))
  return { socket, method, auth, reply: reply[1]! }
}

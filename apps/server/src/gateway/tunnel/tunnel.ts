// A CONNECT or SOCKS tunnel after the gateway said yes. The first bytes decide what the gateway can see: a TLS
// ClientHello gives the server name (SNI), and with the campaign's interception on, the TLS is terminated with a
// certificate from the campaign CA so the requests inside are audited like plain HTTP; plain HTTP inside a tunnel is
// parsed and audited request by request; anything else is relayed as bytes. The tunnel's own record (host, SNI,
// bytes, duration) is written when it closes.
import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Duplex } from 'node:stream'
import { connect as tlsConnect, TLSSocket } from 'node:tls'
import type { ConnectionHandle } from '../connection-registry'
import type { Admission, Gateway } from '../gateway'
import type { GatewayRecord } from '../gateway-types'
import { HttpSession } from '../http/http-session'
import { isTlsClientHello, looksLikeHttpRequest, serverNameOf } from './tls-sniff'

type Allowed = Extract<Admission, { ok: true }>

export type TunnelStart = {
  client: Socket
  upstream: Socket
  admission: Allowed
  /** The tunnel's record, its place already reserved. */
  record: GatewayRecord
  /** Client bytes that arrived after the CONNECT head or SOCKS request. */
  initial: Buffer | null
  handle: ConnectionHandle
  connectionId: string
  clientIp: string
  /** The client socket's byte counters when the tunnel began (its head and the gateway's answer excluded). */
  clientBytesOffset: { read: number; written: number }
}

export function startTunnel(gw: Gateway, t: TunnelStart): void {
  const { client, upstream, admission, record, handle } = t
  const startedAt = performance.now()
  const releaseTarget = gw.onConnectionOpen(admission, record)
  let exchanges = 0
  let finished = false
  /** Once HTTP is seen inside, the session owns both sockets and ends the tunnel through onEnd. */
  let session: HttpSession | null = null
  handle.target = admission.targetKey

  const finish = (reason: string | null) => {
    if (finished) return
    finished = true
    record.bytesUp = Math.max(0, client.bytesRead - t.clientBytesOffset.read)
    record.bytesDown = Math.max(0, client.bytesWritten - t.clientBytesOffset.written)
    record.durationMs = Math.round(performance.now() - startedAt)
    if (reason && record.reason === null) record.reason = reason
    // Requests seen inside carry their own records; the tunnel then is not a request of its own.
    if (exchanges > 0) record.countsAsRequest = false
    else gw.classifyConnection(admission.principal, record)
    gw.audit.commit(record)
    releaseTarget()
    gw.unregister(handle)
    client.destroy()
    upstream.destroy()
  }
  handle.close = (reason) => {
    if (record.reason === null) record.reason = reason
    if (session) session.close()
    else finish(reason)
  }

  client.setTimeout(gw.options.upstreamTimeoutMs, () => handle.close('idle timeout'))
  client.on('close', () => {
    if (session) session.close()
    else finish(null)
  })
  upstream.on('close', () => {
    if (!session) finish(null)
  })
  upstream.on('error', () => upstream.destroy())
  client.on('error', () => client.destroy())

  const raw = (first: Buffer | null) => {
    if (first) upstream.write(first)
    client.pipe(upstream)
    upstream.pipe(client)
    client.resume()
  }

  const inspect = (first: Buffer) => {
    client.pause()
    upstream.off('data', onUpstreamFirst)
    if (isTlsClientHello(first)) {
      record.sni = serverNameOf(first)
      const interceptor = admission.scope.interceptor
      if (interceptor) return intercept(first)
      return raw(first)
    }
    if (looksLikeHttpRequest(first)) return httpInside(first, client, upstream, 'tunnel-http', null)
    raw(first)
  }

  const httpInside = (
    first: Buffer | null,
    from: Socket,
    to: Socket,
    channel: 'https' | 'tunnel-http',
    sni: string | null,
  ) => {
    session = new HttpSession(gw, from, {
      kind: 'tunnel',
      channel,
      admission,
      upstream: to,
      sni,
      connectionId: t.connectionId,
      clientIp: t.clientIp,
      handle,
      onEnd: (count) => {
        exchanges = count
        finish(null)
      },
    })
    if (first) from.emit('data', first)
    from.resume()
  }

  const intercept = (first: Buffer) => {
    const interceptor = admission.scope.interceptor!
    const name = record.sni ?? admission.host ?? admission.ip
    let clientTls: TLSSocket
    try {
      clientTls = new TLSSocket(withPrefix(client, first), {
        isServer: true,
        secureContext: interceptor.secureContext(name),
        SNICallback: (servername, callback) => {
          try {
            callback(null, interceptor.secureContext(servername.toLowerCase()))
          } catch (error) {
            callback(error as Error)
          }
        },
        ALPNProtocols: ['http/1.1'],
      })
    } catch {
      return finish('interception failed')
    }
    // Targets under test often have broken certificates: the gateway reaches them anyway and says what it found.
    const upstreamTls = tlsConnect({
      socket: upstream,
      servername: admission.host ?? record.sni ?? undefined,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    })
    clientTls.on('error', () => finish('client TLS failed'))
    upstreamTls.on('error', () => finish('target TLS failed'))
    clientTls.once('secure', () => {
      httpInside(null, clientTls as Socket, upstreamTls as Socket, 'https', record.sni)
    })
  }

  const onUpstreamFirst = (data: Buffer) => {
    // The target speaks first (SSH, SMTP…): relay bytes.
    client.off('data', onClientFirst)
    upstream.pause()
    client.write(data)
    raw(null)
    upstream.resume()
  }
  const onClientFirst = (data: Buffer) => {
    client.off('data', onClientFirst)
    inspect(data)
  }

  if (t.initial && t.initial.length > 0) inspect(t.initial)
  else {
    client.on('data', onClientFirst)
    upstream.once('data', onUpstreamFirst)
  }
}

/** The client's stream with bytes already read put back in front, for a TLS server socket to read from. */
function withPrefix(socket: Socket, prefix: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume()
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback)
    },
    final(callback) {
      socket.end()
      callback()
    },
    destroy(error, callback) {
      socket.destroy()
      callback(error)
    },
  })
  duplex.push(prefix)
  socket.on('data', (data: Buffer) => {
    if (!duplex.push(data)) socket.pause()
  })
  socket.on('end', () => duplex.push(null))
  socket.on('close', () => duplex.destroy())
  socket.resume()
  return duplex
}

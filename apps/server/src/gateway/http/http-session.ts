// One client connection speaking HTTP/1.x to the gateway: either a forward-proxy connection (absolute-form requests,
// each authenticated and checked, CONNECT handed to a tunnel) or HTTP seen inside a tunnel (plain, or decrypted by
// interception) towards the tunnel's one target. Requests are handled one at a time (pipelined ones wait in the
// buffer); bodies are forwarded as they arrive, their boundaries found by BodyFraming; each exchange becomes one
// audit record whose place was reserved before the first byte went to the target.
import { randomUUID } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { Admission, Gateway } from '../gateway'
import type { GatewayPrincipal, GatewayRecord, RefusalReason } from '../gateway-types'
import { tokenFromProxyAuthorization } from '../proxy-credentials'
import { startTunnel } from '../tunnel/tunnel'
import type { ConnectionHandle } from '../connection-registry'
import { BodyFraming } from './body-framing'
import {
  forwardedRequestHead,
  gatewayResponse,
  headEnd,
  MAX_HEAD_BYTES,
  parseRequestHead,
  parseResponseHead,
  tunnelledRequestHead,
  type RequestHead,
} from './http-head'
import { parseAbsoluteTarget, parseAuthority } from './request-target'

type Allowed = Extract<Admission, { ok: true }>

export type SessionMode =
  | { kind: 'forward' }
  | {
      kind: 'tunnel'
      channel: 'https' | 'tunnel-http'
      admission: Allowed
      upstream: Socket
      sni: string | null
      connectionId: string
      clientIp: string
      handle: ConnectionHandle
      /** Called once when the session ends, with the number of exchanges it carried. */
      onEnd: (exchanges: number) => void
    }

type Exchange = {
  record: GatewayRecord
  head: RequestHead
  admission: Allowed
  startedAt: number
  body: BodyFraming
  bodyTarget: string
  response: BodyFraming | null
  responseBytes: number
  requestDone: boolean
  responseDone: boolean
  /** The client connection must be closed after this exchange. */
  closeClient: boolean
}

type Upstream = { socket: Socket; key: string; closeAfter: boolean; release: () => void }

const BODY_CAPTURE = 64 * 1024
const PIPELINE_LIMIT = 1024 * 1024
const PAUSE_BUSY = 1
const PAUSE_UPSTREAM = 2
const PAUSE_PIPELINE = 4

const PROXY_AUTHENTICATE = { 'Proxy-Authenticate': 'Basic realm="wangan-gateway", charset="UTF-8"' }

export class HttpSession {
  private buffer: Buffer | null = null
  private phase: 'head' | 'body' | 'wait' | 'done' = 'head'
  private busy = false
  private pauseFlags = 0
  private exchange: Exchange | null = null
  private upstream: Upstream | null = null
  private responseBuffer: Buffer | null = null
  private readonly connectionId: string
  private readonly clientIp: string
  private readonly handle: ConnectionHandle
  private authHeader: string | null = null
  private authPrincipal: GatewayPrincipal | null = null
  private exchanges = 0
  private closed = false
  private clientEnded = false
  private idleArmed = false
  private waitingClientDrain = false
  private waitingUpstreamDrain = false

  constructor(
    private readonly gw: Gateway,
    private readonly client: Socket,
    private readonly mode: SessionMode,
  ) {
    if (mode.kind === 'tunnel') {
      this.connectionId = mode.connectionId
      this.clientIp = mode.clientIp
      this.handle = mode.handle
      this.upstream = { socket: mode.upstream, key: 'tunnel', closeAfter: false, release: () => {} }
      mode.upstream.on('data', this.onUpstreamData)
      mode.upstream.on('close', () => this.onUpstreamClosed(mode.upstream))
      mode.upstream.on('end', () => this.onUpstreamClosed(mode.upstream))
      mode.upstream.on('error', () => mode.upstream.destroy())
    } else {
      this.connectionId = randomUUID()
      this.clientIp = client.remoteAddress ?? ''
      this.handle = { id: this.connectionId, principal: null, target: null, close: () => this.destroy() }
      gw.register(this.handle)
      client.setTimeout(gw.options.headTimeoutMs, () => this.destroy())
    }
    client.on('data', this.onClientData)
    client.on('end', this.onClientEnd)
    client.on('close', this.onClientClose)
  }

  // ------------------------------------------------------------------ client side

  private readonly onClientData = (chunk: Buffer): void => {
    if (this.closed) return
    if (this.phase === 'body' && this.buffer === null && this.exchange) {
      const used = this.forwardBody(this.exchange, chunk, 0)
      if (used < chunk.length) this.buffer = chunk.subarray(used)
    } else this.buffer = this.buffer === null ? chunk : Buffer.concat([this.buffer, chunk])
    this.pump()
  }

  private readonly onClientEnd = (): void => {
    // A half-close while idle ends the session; during an exchange the answer is still delivered.
    this.clientEnded = true
    if (!this.exchange) this.destroy()
  }

  private readonly onClientClose = (): void => {
    this.destroy()
  }

  private pump(): void {
    while (!this.closed && !this.busy) {
      if (this.phase === 'head') {
        const buffer = this.buffer
        if (buffer === null) return
        const end = headEnd(buffer)
        if (end < 0) {
          if (buffer.length > MAX_HEAD_BYTES)
            this.fatal(431, 'Request Header Fields Too Large', 'request head too large')
          return
        }
        this.buffer = end < buffer.length ? buffer.subarray(end) : null
        const head = parseRequestHead(buffer, end)
        if ('error' in head) {
          this.fatal(head.status, head.status === 501 ? 'Not Implemented' : 'Bad Request', head.error)
          return
        }
        this.begin(head)
      } else if (this.phase === 'body') {
        const buffer = this.buffer
        if (buffer === null || !this.exchange) return
        const used = this.forwardBody(this.exchange, buffer, 0)
        this.buffer = used < buffer.length ? buffer.subarray(used) : null
        if (this.phase === 'body') return
      } else {
        this.setPaused(PAUSE_PIPELINE, this.buffer !== null && this.buffer.length > PIPELINE_LIMIT)
        return
      }
    }
  }

  private setPaused(flag: number, on: boolean): void {
    const before = this.pauseFlags
    this.pauseFlags = on ? before | flag : before & ~flag
    if (before === 0 && this.pauseFlags !== 0) this.client.pause()
    else if (before !== 0 && this.pauseFlags === 0 && !this.closed) this.client.resume()
  }

  private setBusy(on: boolean): void {
    this.busy = on
    this.setPaused(PAUSE_BUSY, on)
  }

  // ------------------------------------------------------------------ requests

  private begin(head: RequestHead): void {
    const record = this.gw.newRecord(
      this.mode.kind === 'tunnel' ? this.mode.channel : 'http',
      this.connectionId,
      this.clientIp,
      this.gw.now(),
    )
    record.method = head.method
    record.userAgent = head.userAgent ? head.userAgent.slice(0, 256) : null
    record.bytesUp = head.size
    if (this.mode.kind === 'tunnel') {
      const admission = this.mode.admission
      const p = admission.principal
      record.tokenId = p.tokenId
      record.userId = p.userId
      record.teamId = p.teamId
      record.campaignId = p.campaignId
      this.fillTarget(record, admission)
      record.sni = this.mode.sni
      record.path = head.target.slice(0, 2048)
      this.admitted(head, record, admission, head.target)
      return
    }
    if (!this.idleArmed) {
      this.idleArmed = true
      this.client.setTimeout(this.gw.options.idleTimeoutMs)
    }
    if (head.method === 'CONNECT') return this.beginConnect(head, record)
    const target = parseAbsoluteTarget(head.target)
    if (!target) {
      record.path = head.target.slice(0, 2048)
      const detail = head.target.startsWith('/')
        ? 'this is a proxy: send absolute-form requests (http://host/path) or CONNECT'
        : 'malformed request target'
      return this.refuse(head, record, 'bad_request', detail, 400, 'Bad Request')
    }
    record.host = target.host
    record.ip = target.ip
    record.port = target.port
    record.path = target.path.slice(0, 2048)
    this.withPrincipal(head, record, (principal) => {
      const admission = this.gw.admit(principal, target.host, target.ip, target.port)
      const go = (a: Admission) => {
        if (!a.ok) return this.refuse(head, record, a.reason, a.detail, 403, 'Forbidden')
        this.fillTarget(record, a)
        this.admitted(head, record, a, target.path, target.authority)
      }
      if (admission instanceof Promise) this.await(admission, go)
      else go(admission)
    })
  }

  /** Resolves the request's token (cached per connection) and continues with the tester, or answers 407. */
  private withPrincipal(
    head: RequestHead,
    record: GatewayRecord,
    next: (principal: GatewayPrincipal) => void,
  ): void {
    const continueWith = (principal: GatewayPrincipal | null) => {
      if (!principal)
        return this.refuse(head, record, 'unauthenticated', '', 407, 'Proxy Authentication Required')
      this.authHeader = head.proxyAuthorization
      this.authPrincipal = principal
      this.handle.principal = principal
      record.tokenId = principal.tokenId
      record.userId = principal.userId
      record.teamId = principal.teamId
      record.campaignId = principal.campaignId
      next(principal)
    }
    if (this.authPrincipal !== null && head.proxyAuthorization === this.authHeader)
      return continueWith(this.authPrincipal)
    const result = this.gw.authenticate(tokenFromProxyAuthorization(head.proxyAuthorization))
    if (result instanceof Promise) this.await(result, continueWith)
    else continueWith(result)
  }

  private await<T>(promise: Promise<T>, next: (value: T) => void): void {
    this.setBusy(true)
    promise.then(
      (value) => {
        if (this.closed) return
        this.setBusy(false)
        next(value)
        this.pump()
      },
      () => {
        if (!this.closed) this.fatal(500, 'Internal Server Error', 'gateway error')
      },
    )
  }

  private fillTarget(record: GatewayRecord, a: Allowed): void {
    record.host = a.host
    record.ip = a.ip
    record.port = a.port
    record.assetId = a.asset.assetId
    record.organisationId = a.asset.organisationId
  }

  private refuse(
    head: RequestHead,
    record: GatewayRecord,
    reason: RefusalReason,
    detail: string,
    status: number,
    statusText: string,
  ): void {
    this.gw.refuse(record, reason, detail)
    // A refused request's body is not read: the connection is closed after the answer so it stays in step.
    const close = head.bodyKind !== 'none' || head.close
    const headers: Record<string, string> = { 'X-Wangan-Refusal': reason }
    this.client.write(
      gatewayResponse(
        status,
        statusText,
        this.gw.refusalText(reason, detail),
        status === 407 ? { ...headers, ...PROXY_AUTHENTICATE } : headers,
        close,
      ),
    )
    if (close) this.endClient()
  }

  private admitted(
    head: RequestHead,
    record: GatewayRecord,
    admission: Allowed,
    path: string,
    authority?: string,
  ) {
    if (!this.gw.audit.reserve()) {
      this.gw.refuse(record, 'audit_unavailable', '')
      this.client.write(
        gatewayResponse(
          503,
          'Service Unavailable',
          this.gw.refusalText('audit_unavailable', ''),
          {
            'X-Wangan-Refusal': 'audit_unavailable',
            'Retry-After': '5',
          },
          true,
        ),
      )
      this.endClient()
      return
    }
    const capture = head.bodyKind !== 'none' && this.gw.inspectsBody(admission) ? BODY_CAPTURE : 0
    const exchange: Exchange = {
      record,
      head,
      admission,
      startedAt: performance.now(),
      body: new BodyFraming(head.bodyKind === 'close' ? 'none' : head.bodyKind, head.contentLength, capture),
      bodyTarget: path,
      response: null,
      responseBytes: 0,
      requestDone: false,
      responseDone: false,
      closeClient: head.close,
    }
    this.exchange = exchange
    this.exchanges++
    this.gw.onRequest(
      admission,
      { method: head.method, target: path, headers: head.lines, body: null },
      record,
    )
    const upstream = this.upstreamFor(admission, record)
    const text =
      this.mode.kind === 'tunnel'
        ? tunnelledRequestHead(head)
        : forwardedRequestHead(head, path, authority ?? '')
    upstream.socket.write(text, 'latin1')
    if (exchange.body.done) this.requestComplete(exchange)
    else this.phase = 'body'
  }

  private forwardBody(exchange: Exchange, data: Buffer, offset: number): number {
    const used = exchange.body.consume(data, offset)
    if (exchange.body.error) {
      this.abort(exchange, `request body: ${exchange.body.error}`)
      return data.length - offset
    }
    if (used > 0 && this.upstream) {
      const ok = this.upstream.socket.write(
        used === data.length && offset === 0 ? data : data.subarray(offset, offset + used),
      )
      exchange.record.bytesUp += used
      if (!ok) this.waitForUpstreamDrain(this.upstream.socket)
    }
    if (exchange.body.done) this.requestComplete(exchange)
    return used
  }

  private waitForUpstreamDrain(socket: Socket): void {
    this.setPaused(PAUSE_UPSTREAM, true)
    if (this.waitingUpstreamDrain) return
    this.waitingUpstreamDrain = true
    socket.once('drain', () => {
      this.waitingUpstreamDrain = false
      this.setPaused(PAUSE_UPSTREAM, false)
    })
  }

  private requestComplete(exchange: Exchange): void {
    exchange.requestDone = true
    this.phase = 'wait'
    if (exchange.body.bytes > 0 && this.gw.inspectsBody(exchange.admission))
      this.gw.onRequestBody(
        exchange.admission,
        {
          method: exchange.head.method,
          target: exchange.bodyTarget,
          headers: exchange.head.lines,
          body: exchange.body.body(),
        },
        exchange.record,
      )
    if (exchange.responseDone) this.finish(exchange)
  }

  // ------------------------------------------------------------------ CONNECT

  private beginConnect(head: RequestHead, record: GatewayRecord): void {
    record.channel = 'connect'
    const target = parseAuthority(head.target, null)
    if (!target)
      return this.refuse(head, record, 'bad_request', 'CONNECT needs host:port', 400, 'Bad Request')
    record.host = target.host
    record.ip = target.ip
    record.port = target.port
    this.withPrincipal(head, record, (principal) => {
      const admission = this.gw.admit(principal, target.host, target.ip, target.port)
      const go = (a: Admission) => {
        if (!a.ok) return this.refuse(head, record, a.reason, a.detail, 403, 'Forbidden')
        this.fillTarget(record, a)
        if (!this.gw.audit.reserve()) {
          this.gw.refuse(record, 'audit_unavailable', '')
          this.client.write(
            gatewayResponse(
              503,
              'Service Unavailable',
              this.gw.refusalText('audit_unavailable', ''),
              {
                'X-Wangan-Refusal': 'audit_unavailable',
              },
              true,
            ),
          )
          return this.endClient()
        }
        this.connectTunnel(a, record)
      }
      if (admission instanceof Promise) this.await(admission, go)
      else go(admission)
    })
  }

  private connectTunnel(admission: Allowed, record: GatewayRecord): void {
    this.setBusy(true)
    const started = performance.now()
    const upstream = connect({ host: admission.ip, port: admission.port, noDelay: true })
    upstream.setTimeout(this.gw.options.connectTimeoutMs, () =>
      upstream.destroy(new Error('connect timeout')),
    )
    let settled = false
    upstream.once('error', (error) => {
      if (settled) return
      settled = true
      record.verdict = 'error'
      record.reason = `upstream: ${(error as NodeJS.ErrnoException).code ?? error.message}`
      record.durationMs = Math.round(performance.now() - started)
      this.gw.audit.commit(record)
      if (this.closed) return
      this.client.write(gatewayResponse(502, 'Bad Gateway', `wangan gateway: ${record.reason}`, {}, true))
      this.endClient()
    })
    upstream.once('connect', () => {
      if (settled) return
      settled = true
      upstream.setTimeout(0)
      if (this.closed) {
        upstream.destroy()
        record.reason = 'client closed'
        this.gw.audit.commit(record)
        return
      }
      // The tunnel takes the client connection over from here.
      this.detach()
      this.client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      startTunnel(this.gw, {
        client: this.client,
        upstream,
        admission,
        record,
        initial: this.buffer,
        handle: this.handle,
        connectionId: this.connectionId,
        clientIp: this.clientIp,
        clientBytesOffset: {
          read: this.client.bytesRead - (this.buffer?.length ?? 0),
          written: this.client.bytesWritten,
        },
      })
      this.buffer = null
    })
  }

  /** Hands the client socket over (CONNECT): this session stops listening to it. */
  private detach(): void {
    this.closed = true
    this.phase = 'done'
    this.client.off('data', this.onClientData)
    this.client.off('end', this.onClientEnd)
    this.client.off('close', this.onClientClose)
    this.client.setTimeout(0)
    this.client.resume()
    if (this.upstream) {
      this.upstream.release()
      this.upstream.socket.destroy()
      this.upstream = null
    }
  }

  // ------------------------------------------------------------------ upstream side

  private upstreamFor(admission: Allowed, record: GatewayRecord): Upstream {
    if (this.mode.kind === 'tunnel') return this.upstream!
    const key = `${admission.ip}:${admission.port}`
    const current = this.upstream
    if (current && current.key === key && !current.closeAfter && !current.socket.destroyed) return current
    if (current) this.dropUpstream(current)
    const socket = connect({ host: admission.ip, port: admission.port, noDelay: true })
    const upstream: Upstream = {
      socket,
      key,
      closeAfter: false,
      release: this.gw.onConnectionOpen(admission, record),
    }
    this.handle.target = admission.targetKey
    socket.setTimeout(this.gw.options.connectTimeoutMs, () => socket.destroy(new Error('connect timeout')))
    socket.once('connect', () => socket.setTimeout(this.gw.options.upstreamTimeoutMs))
    socket.on('data', this.onUpstreamData)
    socket.on('end', () => this.onUpstreamClosed(socket))
    socket.on('close', () => this.onUpstreamClosed(socket))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (this.upstream?.socket === socket && this.exchange && !this.exchange.responseDone)
        this.upstreamFailed(this.exchange, `upstream: ${error.code ?? error.message}`)
      socket.destroy()
    })
    this.upstream = upstream
    return upstream
  }

  private dropUpstream(upstream: Upstream): void {
    upstream.release()
    upstream.socket.destroy()
    if (this.upstream === upstream) this.upstream = null
  }

  private readonly onUpstreamData = (chunk: Buffer): void => {
    const exchange = this.exchange
    if (!exchange || exchange.responseDone) {
      // Bytes nobody asked for: the target is out of step; drop its connection.
      if (this.upstream) this.dropUpstream(this.upstream)
      return
    }
    if (exchange.response === null) {
      const buffer: Buffer =
        this.responseBuffer === null ? chunk : Buffer.concat([this.responseBuffer, chunk])
      const end = headEnd(buffer)
      if (end < 0) {
        if (buffer.length > MAX_HEAD_BYTES) this.upstreamFailed(exchange, 'upstream: response head too large')
        else this.responseBuffer = buffer
        return
      }
      this.responseBuffer = null
      const head = parseResponseHead(buffer, end, exchange.head.method)
      if ('error' in head) return this.upstreamFailed(exchange, `upstream: ${head.error}`)
      if (head.status === 101 && exchange.head.upgrade !== null) return this.upgrade(exchange, buffer)
      if (head.status < 200) {
        // Interim answer (100 Continue): pass it on and wait for the final one.
        this.toClient(exchange, buffer.subarray(0, end))
        if (end < buffer.length) this.onUpstreamData(buffer.subarray(end))
        return
      }
      exchange.record.status = head.status
      exchange.response = new BodyFraming(head.bodyKind, head.contentLength)
      if (head.close && this.upstream) this.upstream.closeAfter = true
      const used = end + exchange.response.consume(buffer, end)
      this.toClient(exchange, used === buffer.length ? buffer : buffer.subarray(0, used))
      if (exchange.response.error)
        return this.upstreamFailed(exchange, `upstream: ${exchange.response.error}`)
      if (used < buffer.length && this.upstream) this.upstream.closeAfter = true
      if (exchange.response.done) this.responseComplete(exchange)
      return
    }
    const used = exchange.response.consume(chunk, 0)
    this.toClient(exchange, used === chunk.length ? chunk : chunk.subarray(0, used))
    if (exchange.response.error) return this.upstreamFailed(exchange, `upstream: ${exchange.response.error}`)
    if (used < chunk.length && this.upstream) this.upstream.closeAfter = true
    if (exchange.response.done) this.responseComplete(exchange)
  }

  private toClient(exchange: Exchange, data: Buffer): void {
    exchange.responseBytes += data.length
    if (!this.client.write(data) && this.upstream && !this.waitingClientDrain) {
      const socket = this.upstream.socket
      socket.pause()
      this.waitingClientDrain = true
      this.client.once('drain', () => {
        this.waitingClientDrain = false
        socket.resume()
      })
    }
  }

  private onUpstreamClosed(socket: Socket): void {
    const upstream = this.upstream
    if (!upstream || upstream.socket !== socket) return
    this.upstream = null
    upstream.release()
    socket.destroy()
    const exchange = this.exchange
    if (this.mode.kind === 'tunnel') {
      if (exchange && !exchange.responseDone) {
        if (exchange.response?.kind === 'close') {
          exchange.response.end()
          exchange.closeClient = true
          this.responseComplete(exchange)
        } else this.upstreamFailed(exchange, 'upstream closed')
      }
      if (!this.exchange) this.endClient()
      else this.exchange.closeClient = true
      return
    }
    if (!exchange || exchange.responseDone) return
    if (exchange.response?.kind === 'close') {
      exchange.response.end()
      // The end of a close-delimited answer is the end of the connection for the client too.
      exchange.closeClient = true
      this.responseComplete(exchange)
    } else this.upstreamFailed(exchange, 'upstream closed the connection')
  }

  private upstreamFailed(exchange: Exchange, reason: string): void {
    if (this.exchange !== exchange || exchange.responseDone) return
    exchange.record.verdict = 'error'
    exchange.record.reason = reason.slice(0, 500)
    exchange.responseDone = true
    if (this.upstream) this.dropUpstream(this.upstream)
    if (exchange.responseBytes === 0 && !this.closed) {
      this.client.write(gatewayResponse(502, 'Bad Gateway', `wangan gateway: ${reason}`, {}, true))
    }
    exchange.closeClient = true
    this.finish(exchange)
  }

  private responseComplete(exchange: Exchange): void {
    exchange.responseDone = true
    if (this.upstream?.closeAfter) this.dropUpstream(this.upstream)
    if (!exchange.requestDone) {
      // The target answered before the request body was complete: stop forwarding and close after the answer.
      exchange.closeClient = true
      exchange.requestDone = true
      if (this.upstream) this.dropUpstream(this.upstream)
    }
    this.finish(exchange)
  }

  private upgrade(exchange: Exchange, buffer: Buffer): void {
    // 101 Switching Protocols (WebSocket): from here on bytes flow unparsed; the record closes with the connection.
    exchange.record.status = 101
    const upstream = this.upstream!
    this.upstream = null
    this.exchange = null
    this.closed = true
    this.phase = 'done'
    this.client.off('data', this.onClientData)
    this.client.off('end', this.onClientEnd)
    this.client.off('close', this.onClientClose)
    upstream.socket.off('data', this.onUpstreamData)
    this.client.write(buffer)
    if (this.buffer) upstream.socket.write(this.buffer)
    const startedUp = this.client.bytesRead
    const startedDown = this.client.bytesWritten
    this.client.pipe(upstream.socket)
    upstream.socket.pipe(this.client)
    this.setPaused(PAUSE_BUSY | PAUSE_PIPELINE | PAUSE_UPSTREAM, false)
    this.client.resume()
    let done = false
    const end = () => {
      if (done) return
      done = true
      exchange.record.bytesUp += this.client.bytesRead - startedUp
      exchange.record.bytesDown =
        exchange.responseBytes + buffer.length + (this.client.bytesWritten - startedDown)
      exchange.record.durationMs = Math.round(performance.now() - exchange.startedAt)
      this.gw.audit.commit(exchange.record)
      upstream.release()
      upstream.socket.destroy()
      this.client.destroy()
      this.gw.unregister(this.handle)
    }
    this.client.once('close', end)
    upstream.socket.once('close', end)
  }

  // ------------------------------------------------------------------ completion

  private finish(exchange: Exchange): void {
    if (this.exchange !== exchange) return
    this.exchange = null
    const record = exchange.record
    record.bytesDown = exchange.responseBytes
    record.durationMs = Math.round(performance.now() - exchange.startedAt)
    this.gw.audit.commit(record)
    if (exchange.closeClient || this.closed || this.clientEnded) {
      this.endClient()
      return
    }
    this.phase = 'head'
    this.setPaused(PAUSE_PIPELINE, false)
    // Continue with a pipelined request (not from inside the data handler's own loop).
    if (this.buffer !== null) queueMicrotask(() => this.pump())
  }

  /** The request cannot continue (malformed body): record it and close. */
  private abort(exchange: Exchange, reason: string): void {
    exchange.record.verdict = 'error'
    exchange.record.reason = reason
    exchange.requestDone = true
    exchange.responseDone = true
    if (this.upstream) this.dropUpstream(this.upstream)
    if (exchange.responseBytes === 0)
      this.client.write(gatewayResponse(400, 'Bad Request', `wangan gateway: ${reason}`, {}, true))
    exchange.closeClient = true
    this.finish(exchange)
  }

  /** An error before any exchange started: answer and close. */
  private fatal(status: number, statusText: string, detail: string): void {
    const record = this.gw.newRecord(
      this.mode.kind === 'tunnel' ? this.mode.channel : 'http',
      this.connectionId,
      this.clientIp,
      this.gw.now(),
    )
    if (this.authPrincipal) {
      record.tokenId = this.authPrincipal.tokenId
      record.userId = this.authPrincipal.userId
      record.teamId = this.authPrincipal.teamId
      record.campaignId = this.authPrincipal.campaignId
    }
    this.gw.refuse(record, 'bad_request', detail)
    this.client.write(gatewayResponse(status, statusText, `wangan gateway: ${detail}`, {}, true))
    this.endClient()
  }

  private endClient(): void {
    if (this.phase === 'done') return
    this.phase = 'done'
    this.client.end()
    // A client that never reads its answer must not keep the socket: destroy shortly after ending.
    setTimeout(() => this.destroy(), 2_000).unref()
  }

  /** Ends the session at once (pause, revocation, the tunnel closing). */
  close(): void {
    this.destroy()
  }

  private destroy(): void {
    if (this.closed && this.phase === 'done' && this.client.destroyed) return
    this.closed = true
    this.phase = 'done'
    const exchange = this.exchange
    if (exchange) {
      this.exchange = null
      exchange.record.reason ??= 'client closed the connection'
      exchange.record.bytesDown = exchange.responseBytes
      exchange.record.durationMs = Math.round(performance.now() - exchange.startedAt)
      this.gw.audit.commit(exchange.record)
    }
    if (this.upstream) {
      this.upstream.release()
      this.upstream.socket.destroy()
      this.upstream = null
    }
    this.client.destroy()
    if (this.mode.kind === 'tunnel') {
      const onEnd = this.mode.onEnd
      this.mode.onEnd = () => {}
      onEnd(this.exchanges)
    } else this.gw.unregister(this.handle)
  }
}

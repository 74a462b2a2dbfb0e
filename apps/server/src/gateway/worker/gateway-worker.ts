// The gateway's proxy thread. The listeners, the sessions, the scope cache, the audit queue and the rules all live
// here, so that proxied traffic never waits on the platform thread (where the embedded database runs queries and
// writes record batches synchronously) and the two use two cores. This module is loaded as the worker itself: its
// URL is exported for the platform side to start it, and it starts the gateway only inside a gateway worker.
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads'
import type { RecordSink } from '../audit-buffer'
import { CachingScope } from '../caching-scope'
import { Gateway } from '../gateway'
import type { ScopeData } from '../gateway-scope'
import type { GatewayPrincipal } from '../gateway-types'
import { toColumns } from '../record-columns'
import { StaticResolver, systemResolver } from '../resolver'
import { WORKER_KIND, type Control, type FromWorker, type ToWorker, type WorkerData } from './worker-protocol'

export const workerUrl = import.meta.url

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }
type Request = FromWorker extends infer M
  ? M extends { type: 'auth' | 'scope' | 'write' }
    ? Omit<M, 'id'>
    : never
  : never

async function runWorker(data: WorkerData, port: MessagePort): Promise<void> {
  let offset = data.clockOffsetMs
  let nextId = 1
  const pending = new Map<number, Pending>()
  const send = (message: FromWorker) => port.postMessage(message)
  const ask = <T>(message: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      send({ ...message, id } as FromWorker)
    })

  const scope = new CachingScope({
    principal: (tokenHash) => ask<GatewayPrincipal | null>({ type: 'auth', tokenHash }),
    scope: (principal) => ask<ScopeData | null>({ type: 'scope', principal }),
  })
  const sink: RecordSink = {
    write: (records, violations) =>
      ask<void>({ type: 'write', batch: { records: toColumns(records), violations: [...violations] } }),
  }
  const gateway = new Gateway(
    {
      scope,
      sink,
      resolver: data.hosts ? new StaticResolver(data.hosts) : systemResolver,
      now: () => Date.now() + offset,
      log: (level, message) => send({ type: 'log', level, message }),
    },
    data.options,
  )

  const control = async (message: Control): Promise<unknown> => {
    switch (message.op) {
      case 'status':
        return { ...gateway.status(), live: gateway.liveSnapshot(), heapUsed: process.memoryUsage().heapUsed }
      case 'flush':
        gateway.flushViolations()
        return gateway.audit.drain(30_000)
      case 'drain':
        gateway.flushViolations()
        return gateway.audit.drain(message.timeoutMs)
      case 'setPauses':
        return gateway.setPauses(message.users, message.teams)
      case 'closeConnections':
        return gateway.closeConnections(message.filter, message.reason)
      case 'invalidate':
        scope.invalidate(message.teamIds)
        return true
      case 'forgetTokens':
        scope.forgetTokens(message.tokenId)
        return true
      case 'clock':
        offset = message.offsetMs
        return true
      case 'stop':
        return gateway.close(message.drainMs)
      case 'exit':
        return process.exit(70)
    }
  }

  port.on('message', (message: ToWorker) => {
    if (message.type === 'control') {
      control(message).then(
        (value) => {
          send({ type: 'reply', id: message.id, value })
          if (message.op === 'stop') port.close()
        },
        (error: unknown) => send({ type: 'reply', id: message.id, value: null, error: String(error) }),
      )
      return
    }
    const waiting = pending.get(message.id)
    if (!waiting) return
    pending.delete(message.id)
    if (message.error) waiting.reject(new Error(message.error))
    else if (message.type === 'auth') waiting.resolve(message.principal)
    else if (message.type === 'scope') waiting.resolve(message.data)
    else waiting.resolve(undefined)
  })

  try {
    const addresses = await gateway.listen()
    send({ type: 'ready', http: addresses.http.port, socks: addresses.socks?.port ?? null })
  } catch (error) {
    // A port in use: close whatever did start, say why, and end (the platform side reports it).
    await gateway.close(0)
    send({ type: 'log', level: 'error', message: `gateway worker failed: ${String(error)}` })
    process.exit(1)
  }
}

if (!isMainThread && parentPort && (workerData as WorkerData | null)?.kind === WORKER_KIND) {
  const port = parentPort
  runWorker(workerData as WorkerData, port).catch((error: unknown) => {
    // Listening failed (a port in use…): say so and end; the platform side reports it.
    port.postMessage({
      type: 'log',
      level: 'error',
      message: `gateway worker failed: ${String(error)}`,
    } satisfies FromWorker)
    process.exitCode = 1
    port.close()
  })
}

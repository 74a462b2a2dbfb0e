// Name resolution done by the gateway, never by the client: the address is resolved once, checked against the scope,
// and that very address is connected to. Answers are cached briefly so that a keep-alive burst does not cost a lookup
// per request; a cached answer is still checked on every use.
import { lookup } from 'node:dns/promises'

export interface Resolver {
  /** Every address of a name (IPv4 and IPv6), in the resolver's order; rejects when the name does not resolve. */
  resolve(host: string): Promise<string[]>
}

export const systemResolver: Resolver = {
  async resolve(host) {
    const answers = await lookup(host, { all: true, order: 'verbatim' })
    return answers.map((a) => a.address)
  },
}

/** A fixed table of names, for tests: nothing leaves the machine. */
export class StaticResolver implements Resolver {
  private readonly table = new Map<string, string[]>()
  lookups = 0

  constructor(entries: Record<string, string | string[]> = {}) {
    for (const [name, addresses] of Object.entries(entries)) this.set(name, addresses)
  }

  set(name: string, addresses: string | string[]): void {
    this.table.set(name.toLowerCase(), [addresses].flat())
  }

  async resolve(host: string): Promise<string[]> {
    this.lookups++
    const found = this.table.get(host.toLowerCase())
    if (!found || found.length === 0)
      throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
    return found
  }
}

type Entry = { addresses: string[] | null; error: string | null; expires: number }

export class CachingResolver implements Resolver {
  private readonly cache = new Map<string, Entry>()
  private readonly pending = new Map<string, Promise<string[]>>()

  constructor(
    private readonly inner: Resolver,
    private readonly ttlMs = 30_000,
    private readonly negativeTtlMs = 5_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer when fresh (no promise on the hot path), else undefined. */
  cached(host: string): string[] | Error | undefined {
    const entry = this.cache.get(host)
    if (!entry || entry.expires <= this.now()) return undefined
    return entry.addresses ?? new Error(entry.error ?? 'ENOTFOUND')
  }

  async resolve(host: string): Promise<string[]> {
    const hit = this.cached(host)
    if (hit instanceof Error) throw hit
    if (hit) return hit
    let promise = this.pending.get(host)
    if (!promise) {
      promise = this.lookup(host)
      this.pending.set(host, promise)
    }
    return promise
  }

  clear(): void {
    this.cache.clear()
  }

  private async lookup(host: string): Promise<string[]> {
    try {
      const addresses = await this.inner.resolve(host)
      this.store(host, { addresses, error: null, expires: this.now() + this.ttlMs })
      return addresses
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'ENOTFOUND'
      this.store(host, { addresses: null, error: code, expires: this.now() + this.negativeTtlMs })
      throw new Error(code)
    } finally {
      this.pending.delete(host)
    }
  }

  private store(host: string, entry: Entry): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next()
      if (!oldest.done) this.cache.delete(oldest.value)
    }
    this.cache.set(host, entry)
  }
}

// Public, JSON-safe wrappers over ip-address.ts (whose numeric values stay inside the module).
import { cleanInput } from './input-text'
import { parseCidr, parseIpAddress } from './ip-address'
import { refuse, type Validation } from './registry-reason'

/** One address: dotted-quad IPv4 or RFC 5952 IPv6; IPv4-mapped IPv6 becomes IPv4; `[v6]` brackets are accepted. */
export function normaliseIpAddress(raw: string): Validation<{ normalised: string; version: 4 | 6 }> {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  const text =
    cleaned.text.startsWith('[') && cleaned.text.endsWith(']') ? cleaned.text.slice(1, -1) : cleaned.text
  const parsed = parseIpAddress(text)
  if (!parsed.ok) return parsed
  return { ok: true, normalised: parsed.text, version: parsed.ip.version }
}

/**
 * A network `address/prefix` (or a bare address, as /32 or /128): host bits cleared and reported in
 * `hostBitsCleared`; the canonical text of a /32 or /128 is the address alone.
 */
export function normaliseNetwork(
  raw: string,
): Validation<{ normalised: string; version: 4 | 6; prefix: number; hostBitsCleared: boolean }> {
  const cleaned = cleanInput(raw)
  if (!cleaned.ok) return cleaned
  if (/\s/.test(cleaned.text))
    return refuse('whitespace', '网段中间不应有空白字符', 'a network cannot contain spaces')
  const parsed = parseCidr(cleaned.text)
  if (!parsed.ok) return parsed
  return {
    ok: true,
    normalised: parsed.text,
    version: parsed.version,
    prefix: parsed.prefix,
    hostBitsCleared: parsed.hostBitsCleared,
  }
}

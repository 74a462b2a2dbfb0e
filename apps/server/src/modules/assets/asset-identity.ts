// From what a user wrote to what the registry stores: the canonical identifier and its network identity, computed
// by the pure rules of @wangan/rules/registry (never re-implemented here).
import {
  formatReason,
  normaliseAssetIdentifier,
  type AssetType,
  type RegistryAsset,
  type RegistryReason,
} from '@wangan/rules/registry'

export type AssetIdentity = {
  canonical: string
  /** canonical + website path: an organisation registers one identity once per type. */
  identityKey: string
  networkKind: 'host' | 'wildcard' | 'cidr' | null
  /** CIDR text for addresses and networks (`203.0.113.7/32`), for containment search in SQL. */
  network: string | null
  path: string | null
  /** A port written in an IP identifier (`203.0.113.7:8080`) moves to the asset's ports. */
  writtenPort: number | null
  notes: string[]
}

export function assetIdentity(
  type: AssetType,
  raw: string,
): { ok: true; identity: AssetIdentity } | { ok: false; reason: RegistryReason } {
  const result = normaliseAssetIdentifier(type, raw)
  if (!result.ok) return result
  const { identifier } = result
  const net = identifier.network
  let network: string | null = null
  if (net?.kind === 'cidr') network = `${net.network}/${net.prefix}`
  else if (net?.kind === 'host' && net.hostKind !== 'domain')
    network = `${net.host}/${net.hostKind === 'ipv4' ? 32 : 128}`
  return {
    ok: true,
    identity: {
      canonical: identifier.canonical,
      identityKey: `${identifier.canonical}${identifier.path ?? ''}`,
      networkKind: net?.kind ?? null,
      network,
      path: identifier.path,
      writtenPort: type === 'ip' ? identifier.port : null,
      notes: identifier.notes.map(formatReason),
    },
  }
}

/** Ports as stored: unique, sorted, null for "all ports". */
export function normalisePorts(
  ports: readonly number[] | null | undefined,
  extra: number | null = null,
): number[] | null {
  const all = [...(ports ?? []), ...(extra !== null ? [extra] : [])]
  if (all.length === 0) return null
  return [...new Set(all)].sort((a, b) => a - b)
}

/** The matcher's view of a stored asset: the canonical form (with its path) re-normalises to itself. */
export function registryAssetOf(row: {
  id: string
  organisationId: string
  type: AssetType
  canonical: string
  path: string | null
  ports: number[] | null
}): RegistryAsset {
  // A bare IPv6 host needs its brackets back before a path can follow it.
  const bareIpv6 = !row.canonical.startsWith('[') && row.canonical.split(':').length > 2
  const host = row.path && bareIpv6 ? `[${row.canonical}]` : row.canonical
  return {
    id: row.id,
    organisationId: row.organisationId,
    type: row.type,
    identifier: row.path ? `${host}${row.path}` : row.canonical,
    ports: row.ports,
  }
}

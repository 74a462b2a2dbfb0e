// The testing gateway's calls of the generated SDK, with the shapes of their answers.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type GatewayProfile = JsonOf<paths['/api/v1/gateway/me']['get']['responses'][200]>
export type GatewayToken = JsonOf<paths['/api/v1/gateway/tokens']['get']['responses'][200]>[number]
export type IssuedToken = JsonOf<paths['/api/v1/gateway/tokens']['post']['responses'][201]>
export type GatewayRecord = JsonOf<paths['/api/v1/gateway/records']['get']['responses'][200]>['items'][number]
export type RecordQuery = NonNullable<paths['/api/v1/gateway/records']['get']['parameters']['query']>
export type GatewayViolation = JsonOf<
  paths['/api/v1/gateway/violations']['get']['responses'][200]
>['items'][number]
export type GatewayMonitor = JsonOf<paths['/api/v1/gateway/campaigns/{id}/monitor']['get']['responses'][200]>
export type GatewaySettings = JsonOf<
  paths['/api/v1/gateway/campaigns/{id}/settings']['get']['responses'][200]
>
export type UpdateSettings = JsonOf<paths['/api/v1/gateway/campaigns/{id}/settings']['put']['requestBody']>
export type TeamMetrics = JsonOf<
  paths['/api/v1/gateway/campaigns/{id}/team-metrics']['get']['responses'][200]
>[number]

export function useGatewayProfile(enabled: boolean) {
  return useQuery({
    queryKey: ['gateway', 'me'],
    queryFn: async () => unwrap(await api.GET('/api/v1/gateway/me')),
    enabled,
    retry: false,
  })
}

export function useMyTokens(enabled: boolean) {
  return useQuery({
    queryKey: ['gateway', 'tokens', 'mine'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/gateway/tokens', { params: { query: { includeRevoked: 'true' } } })),
    enabled,
  })
}

export function useCampaignTokens(campaignId: string | undefined) {
  return useQuery({
    queryKey: ['gateway', 'tokens', campaignId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/gateway/tokens', { params: { query: { campaignId: campaignId ?? '' } } }),
      ),
    enabled: Boolean(campaignId),
  })
}

export function useRecords(query: RecordQuery | null) {
  return useQuery({
    queryKey: ['gateway', 'records', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/gateway/records', { params: { query: query! } })),
    enabled: query !== null && Boolean(query.campaignId),
    placeholderData: (previous) => previous,
  })
}

export function useViolations(
  campaignId: string | undefined,
  status: 'pending' | 'confirmed' | 'dismissed' | undefined,
) {
  return useQuery({
    queryKey: ['gateway', 'violations', campaignId, status],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/gateway/violations', {
          params: { query: { campaignId: campaignId ?? '', pageSize: 200, ...(status ? { status } : {}) } },
        }),
      ),
    enabled: Boolean(campaignId),
  })
}

/** The live monitor, refreshed every two seconds while the page is open. */
export function useMonitor(campaignId: string | undefined) {
  return useQuery({
    queryKey: ['gateway', 'monitor', campaignId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/gateway/campaigns/{id}/monitor', {
          params: { path: { id: campaignId ?? '' } },
        }),
      ),
    enabled: Boolean(campaignId),
    refetchInterval: 2_000,
    staleTime: 0,
  })
}

export function useSettings(campaignId: string | undefined) {
  return useQuery({
    queryKey: ['gateway', 'settings', campaignId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/gateway/campaigns/{id}/settings', {
          params: { path: { id: campaignId ?? '' } },
        }),
      ),
    enabled: Boolean(campaignId),
  })
}

export function useTeamMetrics(campaignId: string | undefined) {
  return useQuery({
    queryKey: ['gateway', 'metrics', campaignId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/gateway/campaigns/{id}/team-metrics', {
          params: { path: { id: campaignId ?? '' } },
        }),
      ),
    enabled: Boolean(campaignId),
  })
}

/** Where the browser downloads the campaign CA and the filtered traffic log (same origin, session cookie). */
export function caUrl(campaignId: string): string {
  return `/api/v1/gateway/campaigns/${encodeURIComponent(campaignId)}/ca.pem`
}

export function exportUrl(query: RecordQuery, format: 'csv' | 'ndjson' = 'csv'): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '' && key !== 'page' && key !== 'pageSize')
      params.set(key, String(value))
  params.set('format', format)
  return `/api/v1/gateway/records/export?${params.toString()}`
}

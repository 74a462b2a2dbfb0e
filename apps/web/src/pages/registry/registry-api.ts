// The registry pages' calls, all through the generated SDK. Types come from the OpenAPI document, so a change on the
// server is a type error here.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type OrganisationDetail = JsonOf<paths['/api/v1/organisations/{id}']['get']['responses'][200]>
export type OrganisationQuery = NonNullable<paths['/api/v1/organisations']['get']['parameters']['query']>
export type TreeNode = JsonOf<paths['/api/v1/organisations/tree']['get']['responses'][200]>[number]
export type Contact = OrganisationDetail['contacts'][number]
export type CreateOrganisation = JsonOf<paths['/api/v1/organisations']['post']['requestBody']>
export type UpdateOrganisation = JsonOf<paths['/api/v1/organisations/{id}']['patch']['requestBody']>
export type CreateContact = JsonOf<paths['/api/v1/organisations/{id}/contacts']['post']['requestBody']>
export type HistoryEvent = JsonOf<
  paths['/api/v1/organisations/{id}/history']['get']['responses'][200]
>['items'][number]

export type Asset = JsonOf<paths['/api/v1/assets']['get']['responses'][200]>['items'][number]
export type AssetDetail = JsonOf<paths['/api/v1/assets/{id}']['get']['responses'][200]>
export type AssetQuery = NonNullable<paths['/api/v1/assets']['get']['parameters']['query']>
export type CreateAsset = JsonOf<paths['/api/v1/assets']['post']['requestBody']>
export type AssetConflict = AssetDetail['conflicts'][number]
export type MatchAnswer = JsonOf<paths['/api/v1/assets/match']['get']['responses'][200]>

export type CensusRound = JsonOf<paths['/api/v1/census-rounds/{id}']['get']['responses'][200]>
export type Participant = JsonOf<
  paths['/api/v1/census-rounds/{id}/participants']['get']['responses'][200]
>['items'][number]
export type ParticipantQuery = NonNullable<
  paths['/api/v1/census-rounds/{id}/participants']['get']['parameters']['query']
>
export type Snapshot = JsonOf<
  paths['/api/v1/census-rounds/{id}/participants/{organisationId}/snapshot']['get']['responses'][200]
>

export type ImportJob = JsonOf<paths['/api/v1/registry-imports/{id}']['get']['responses'][200]>
export type ImportKind = ImportJob['kind']

export function useOrganisations(query: OrganisationQuery) {
  return useQuery({
    queryKey: ['registry', 'organisations', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/organisations', { params: { query } })),
    placeholderData: keepPreviousData,
  })
}

export function useOrganisationTree(enabled: boolean) {
  return useQuery({
    queryKey: ['registry', 'organisation-tree'],
    queryFn: async () => unwrap(await api.GET('/api/v1/organisations/tree', { params: { query: {} } })),
    enabled,
  })
}

export function useOrganisationDetail(id: string | undefined) {
  return useQuery({
    queryKey: ['registry', 'organisation', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organisations/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useOrganisationHistory(id: string | undefined, page: number) {
  return useQuery({
    queryKey: ['registry', 'organisation-history', id, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organisations/{id}/history', {
          params: { path: { id: id ?? '' }, query: { page, pageSize: 10 } },
        }),
      ),
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
  })
}

export function useAssets(query: AssetQuery, enabled = true) {
  return useQuery({
    queryKey: ['registry', 'assets', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/assets', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  })
}

export function useAssetDetail(id: string | undefined) {
  return useQuery({
    queryKey: ['registry', 'asset', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/assets/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useAssetHistory(id: string | undefined, page: number) {
  return useQuery({
    queryKey: ['registry', 'asset-history', id, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/assets/{id}/history', {
          params: { path: { id: id ?? '' }, query: { page, pageSize: 10 } },
        }),
      ),
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
  })
}

export function useConflicts(status: 'open' | 'settled' | 'all', page: number) {
  return useQuery({
    queryKey: ['registry', 'conflicts', status, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/assets/conflicts', { params: { query: { status, page, pageSize: 20 } } }),
      ),
    placeholderData: keepPreviousData,
  })
}

export function useCensusRounds(page: number) {
  return useQuery({
    queryKey: ['registry', 'census-rounds', page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/census-rounds', { params: { query: { page, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  })
}

export function useCensusRound(id: string | undefined) {
  return useQuery({
    queryKey: ['registry', 'census-round', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/census-rounds/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useParticipants(id: string | undefined, query: ParticipantQuery) {
  return useQuery({
    queryKey: ['registry', 'census-participants', id, query],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/census-rounds/{id}/participants', {
          params: { path: { id: id ?? '' }, query },
        }),
      ),
    enabled: Boolean(id),
    placeholderData: keepPreviousData,
  })
}

/** Everything the registry pages cached: after a change, lists, details and counts are read again. */
export const REGISTRY_KEY = ['registry'] as const

/** Query string of a filter object, for export links (downloads go through the browser, with the session cookie). */
export function queryString(values: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  return params.toString()
}

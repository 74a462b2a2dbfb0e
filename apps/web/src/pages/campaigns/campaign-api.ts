// Campaign, roster and team calls of the generated SDK, with the shapes of their answers.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type Campaign = JsonOf<paths['/api/v1/campaigns']['get']['responses'][200]>['items'][number]
export type CampaignDetail = JsonOf<paths['/api/v1/campaigns/{id}']['get']['responses'][200]>
export type CampaignPhase = CampaignDetail['phases'][number]
export type CampaignBoard = JsonOf<paths['/api/v1/campaigns/{id}/board']['get']['responses'][200]>
export type CampaignTarget = JsonOf<paths['/api/v1/campaigns/{id}/targets']['get']['responses'][200]>[number]
export type CampaignTemplate = JsonOf<paths['/api/v1/campaign-templates']['get']['responses'][200]>[number]
export type CreateCampaignRequest = JsonOf<paths['/api/v1/campaigns']['post']['requestBody']>
export type TestingCompany = JsonOf<
  paths['/api/v1/testing-companies']['get']['responses'][200]
>['items'][number]
export type Team = JsonOf<paths['/api/v1/campaigns/{id}/teams']['get']['responses'][200]>[number]

export function useCampaigns() {
  return useQuery({
    queryKey: ['campaigns', 'list'],
    queryFn: async () => unwrap(await api.GET('/api/v1/campaigns', { params: { query: { pageSize: 100 } } })),
  })
}

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: ['campaigns', 'detail', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/campaigns/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useCampaignBoard(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['campaigns', 'board', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/campaigns/{id}/board', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && enabled,
  })
}

export function useCampaignTargets(id: string | undefined) {
  return useQuery({
    queryKey: ['campaigns', 'targets', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/campaigns/{id}/targets', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useCampaignTeams(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['campaigns', 'teams', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/campaigns/{id}/teams', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && enabled,
  })
}

export function useTestingCompanies(enabled = true) {
  return useQuery({
    queryKey: ['testing-companies'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/testing-companies', { params: { query: { pageSize: 500 } } })),
    enabled,
  })
}

export function useCampaignTemplates(year: number, enabled: boolean) {
  return useQuery({
    queryKey: ['campaign-templates', year],
    queryFn: async () => unwrap(await api.GET('/api/v1/campaign-templates', { params: { query: { year } } })),
    enabled,
  })
}

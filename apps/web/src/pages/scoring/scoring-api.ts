// Scoring calls of the generated SDK (live scores, an organisation's deductions, teams, what-if, figures entered by
// hand), with the shapes of their answers.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type CampaignScores = JsonOf<paths['/api/v1/campaigns/{id}/scores']['get']['responses'][200]>
export type OrganisationScore = CampaignScores['organisations'][number]
export type ScoreItemDefinition = CampaignScores['items'][number]
export type OrganisationScoreDetail = JsonOf<
  paths['/api/v1/campaigns/{id}/scores/organisations/{organisationId}']['get']['responses'][200]
>
export type CampaignTeamScores = JsonOf<paths['/api/v1/campaigns/{id}/scores/teams']['get']['responses'][200]>
export type TeamScore = CampaignTeamScores['teams'][number]
export type WhatIfRequest = JsonOf<paths['/api/v1/campaigns/{id}/scores/what-if']['post']['requestBody']>
export type WhatIfResponse = JsonOf<paths['/api/v1/campaigns/{id}/scores/what-if']['post']['responses'][200]>
export type TeamMetricsEntry = JsonOf<
  paths['/api/v1/campaigns/{id}/team-metrics']['get']['responses'][200]
>[number]

export function useCampaignScores(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['scores', 'campaign', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/campaigns/{id}/scores', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && enabled,
  })
}

export function useOrganisationScore(id: string | undefined, organisationId: string | undefined) {
  return useQuery({
    queryKey: ['scores', 'organisation', id, organisationId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/campaigns/{id}/scores/organisations/{organisationId}', {
          params: { path: { id: id ?? '', organisationId: organisationId ?? '' } },
        }),
      ),
    enabled: Boolean(id && organisationId),
  })
}

export function useTeamScores(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['scores', 'teams', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/campaigns/{id}/scores/teams', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && enabled,
  })
}

export function useTeamMetrics(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['scores', 'team-metrics', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/campaigns/{id}/team-metrics', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && enabled,
  })
}

import { useQuery } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { api } from '../../api/client'
import type { OrganisationQuery } from '../../api/types'

export function useOrganisationList(query: OrganisationQuery, enabled = true) {
  return useQuery({
    queryKey: ['organisations', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/organisations', { params: { query } })),
    enabled,
    placeholderData: (previous) => previous,
  })
}

export function useOrganisation(id: string | null | undefined) {
  return useQuery({
    queryKey: ['organisations', 'detail', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organisations/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

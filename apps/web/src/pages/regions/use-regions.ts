import { useQuery } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { api } from '../../api/client'

export const REGIONS_QUERY_KEY = ['regions'] as const

/** Every region the caller may see (the API answers with the whole visible list at once). */
export function useRegions() {
  return useQuery({
    queryKey: REGIONS_QUERY_KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/regions')),
  })
}

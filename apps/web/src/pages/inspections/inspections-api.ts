// On-site inspection calls of the generated SDK, with the shapes of their answers.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type InspectionSummary = JsonOf<paths['/api/v1/inspections']['get']['responses'][200]>['items'][number]
export type Inspection = JsonOf<paths['/api/v1/inspections/{id}']['get']['responses'][200]>
export type InspectionTemplate = JsonOf<
  paths['/api/v1/inspections/templates/{templateId}']['get']['responses'][200]
>
export type TemplateItem = InspectionTemplate['items'][number]
export type Rule = TemplateItem['rule']
export type UpdateInspection = JsonOf<paths['/api/v1/inspections/{id}']['patch']['requestBody']>

export function useInspections(year?: number) {
  return useQuery({
    queryKey: ['inspections', 'list', year],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/inspections', {
          params: { query: { pageSize: 200, ...(year ? { year } : {}) } },
        }),
      ),
  })
}

export function useInspection(id: string | undefined) {
  return useQuery({
    queryKey: ['inspections', 'detail', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/inspections/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useInspectionTemplate(templateId: InspectionSummary['templateId'] | undefined) {
  return useQuery({
    queryKey: ['inspections', 'template', templateId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/inspections/templates/{templateId}', {
          params: { path: { templateId: templateId ?? 'onsite-inspection' } },
        }),
      ),
    enabled: Boolean(templateId),
    staleTime: Infinity,
  })
}

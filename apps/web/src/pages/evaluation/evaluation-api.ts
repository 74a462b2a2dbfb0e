// City-evaluation calls of the generated SDK, with the shapes of their answers.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'
import { multipartBody } from '../../api/multipart'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type EvaluationSummary = JsonOf<paths['/api/v1/evaluations']['get']['responses'][200]>['items'][number]
export type Evaluation = JsonOf<paths['/api/v1/evaluations/{id}']['get']['responses'][200]>
export type Framework = JsonOf<paths['/api/v1/evaluations/framework']['get']['responses'][200]>
export type UpdateEvaluation = JsonOf<paths['/api/v1/evaluations/{id}']['patch']['requestBody']>
export type CreateEvaluation = JsonOf<paths['/api/v1/evaluations']['post']['requestBody']>

export function useEvaluations() {
  return useQuery({
    queryKey: ['evaluations', 'list'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/evaluations', { params: { query: { pageSize: 100 } } })),
  })
}

export function useEvaluation(id: string | undefined) {
  return useQuery({
    queryKey: ['evaluations', 'detail', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/evaluations/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useFramework() {
  return useQuery({
    queryKey: ['evaluations', 'framework'],
    queryFn: async () => unwrap(await api.GET('/api/v1/evaluations/framework')),
    staleTime: Infinity,
  })
}

/** Uploads an evidence file for an item (multipart: the fields first, then the file, which the server types by its
 * content). */
export async function uploadEvaluationEvidence(
  id: string,
  fields: { itemCode: string; label: string; version: number },
  file: File,
): Promise<Evaluation> {
  return unwrap(
    await api.POST('/api/v1/evaluations/{id}/evidence', {
      params: { path: { id } },
      ...multipartBody(file, {
        itemCode: fields.itemCode,
        label: fields.label,
        version: String(fields.version),
      }),
    }),
  )
}

export function evaluationEvidenceUrl(id: string, fileId: string): string {
  return `/api/v1/evaluations/${id}/evidence/${fileId}`
}

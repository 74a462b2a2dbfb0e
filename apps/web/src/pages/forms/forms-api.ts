// Form calls of the generated SDK, with the shapes of their answers, and the attachment upload.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'
import { multipartBody } from '../../api/multipart'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type CampaignForms = JsonOf<paths['/api/v1/campaigns/{id}/forms']['get']['responses'][200]>
export type FormSummary = CampaignForms['forms'][number]
export type FormDeadline = CampaignForms['deadlines'][number]
export type FormBoardRow = CampaignForms['board'][number]
export type Form = JsonOf<paths['/api/v1/forms/{id}']['get']['responses'][200]>
export type FormKind = Form['kind']
export type CreateFormRequest = JsonOf<paths['/api/v1/campaigns/{id}/forms']['post']['requestBody']>

export function useCampaignForms(id: string | undefined) {
  return useQuery({
    queryKey: ['forms', 'campaign', id],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/campaigns/{id}/forms', { params: { path: { id: id ?? '' }, query: {} } }),
      ),
    enabled: Boolean(id),
  })
}

export function useForm(id: string | undefined) {
  return useQuery({
    queryKey: ['forms', 'detail', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/forms/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

/** Attaches a file to a form (multipart; the server types the file by its content). */
export async function uploadFormAttachment(id: string, file: File): Promise<Form> {
  return unwrap(
    await api.POST('/api/v1/forms/{id}/attachments', {
      params: { path: { id } },
      ...multipartBody(file),
    }),
  )
}

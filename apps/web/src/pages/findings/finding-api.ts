// Finding and scan-import calls of the generated SDK, with the shapes of their answers, and multipart uploads.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'
import { multipartBody } from '../../api/multipart'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type FindingPage = JsonOf<paths['/api/v1/findings']['get']['responses'][200]>
export type FindingSummary = FindingPage['items'][number]
export type FindingQuery = NonNullable<paths['/api/v1/findings']['get']['parameters']['query']>
export type FindingDetail = JsonOf<paths['/api/v1/findings/{id}']['get']['responses'][200]>
export type FindingEvent = FindingDetail['timeline'][number]
export type SubmitFindingRequest = JsonOf<paths['/api/v1/campaigns/{id}/findings']['post']['requestBody']>
export type FindingComment = JsonOf<paths['/api/v1/findings/{id}/comments']['get']['responses'][200]>[number]
export type DuplicateCandidate = JsonOf<
  paths['/api/v1/findings/{id}/duplicate-candidates']['get']['responses'][200]
>[number]
export type ScanImport = JsonOf<paths['/api/v1/scan-imports/{id}']['get']['responses'][200]>
export type FindingDraft = JsonOf<
  paths['/api/v1/scan-imports/{id}/drafts/{draftId}']['get']['responses'][200]
>
export type DraftQuery = NonNullable<paths['/api/v1/scan-imports/{id}/drafts']['get']['parameters']['query']>

export function useFindings(query: FindingQuery, enabled = true) {
  return useQuery({
    queryKey: ['findings', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/findings', { params: { query } })),
    enabled,
    placeholderData: (previous) => previous,
  })
}

export function useFinding(id: string | undefined) {
  return useQuery({
    queryKey: ['findings', 'detail', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/findings/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useComments(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['findings', 'comments', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/findings/{id}/comments', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id) && enabled,
  })
}

export function useDuplicateCandidates(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['findings', 'duplicates', id],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/findings/{id}/duplicate-candidates', { params: { path: { id: id ?? '' } } }),
      ),
    enabled: Boolean(id) && enabled,
  })
}

export function useScanImports(campaignId: string | undefined) {
  return useQuery({
    queryKey: ['scan-imports', 'list', campaignId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/campaigns/{id}/scan-imports', { params: { path: { id: campaignId ?? '' } } }),
      ),
    enabled: Boolean(campaignId),
  })
}

export function useScanImport(id: string | undefined) {
  return useQuery({
    queryKey: ['scan-imports', 'detail', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/scan-imports/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useDrafts(id: string | undefined, query: DraftQuery) {
  return useQuery({
    queryKey: ['scan-imports', 'drafts', id, query],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/scan-imports/{id}/drafts', { params: { path: { id: id ?? '' }, query } }),
      ),
    enabled: Boolean(id),
    placeholderData: (previous) => previous,
  })
}

export function useDraft(importId: string | null, draftId: string | null) {
  return useQuery({
    queryKey: ['scan-imports', 'draft', importId, draftId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/scan-imports/{id}/drafts/{draftId}', {
          params: { path: { id: importId ?? '', draftId: draftId ?? '' } },
        }),
      ),
    enabled: Boolean(importId && draftId),
  })
}

/** Attaches an evidence file to a finding (multipart; the server types the file by its content). */
export async function uploadEvidence(findingId: string, file: File): Promise<FindingDetail> {
  return unwrap(
    await api.POST('/api/v1/findings/{id}/evidence', {
      params: { path: { id: findingId } },
      ...multipartBody(file),
    }),
  )
}

export async function uploadScanReport(campaignId: string, file: File): Promise<ScanImport> {
  return unwrap(
    await api.POST('/api/v1/campaigns/{id}/scan-imports', {
      params: { path: { id: campaignId }, query: {} },
      ...multipartBody(file),
    }),
  )
}

export function evidenceUrl(findingId: string, evidenceId: string, inline = false): string {
  return `/api/v1/findings/${findingId}/evidence/${evidenceId}${inline ? '?inline=1' : ''}`
}

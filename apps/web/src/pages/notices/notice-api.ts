// Notice, delivery, rectification, appeal and re-test calls of the generated SDK, with the shapes of their answers.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'
import { multipartBody } from '../../api/multipart'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type NoticePage = JsonOf<paths['/api/v1/notices']['get']['responses'][200]>
export type NoticeSummary = NoticePage['items'][number]
export type NoticeQuery = NonNullable<paths['/api/v1/notices']['get']['parameters']['query']>
export type NoticeDetail = JsonOf<paths['/api/v1/notices/{id}']['get']['responses'][200]>
export type NoticeFinding = NoticeDetail['findings'][number]
export type Delivery = NoticeDetail['deliveries'][number]
export type ChannelSummary = NoticeSummary['channels'][number]
export type TimelineEntry = NoticeDetail['timeline'][number]
export type StoredFileRef = NoticeDetail['uploads'][number]
export type IssueNoticeRequest = JsonOf<paths['/api/v1/notices']['post']['requestBody']>
export type RectificationRequest = JsonOf<paths['/api/v1/notices/{id}/rectifications']['post']['requestBody']>
export type AppealRequest = JsonOf<paths['/api/v1/notices/{id}/appeals']['post']['requestBody']>
export type Board = JsonOf<paths['/api/v1/notice-board']['get']['responses'][200]>
export type Inbox = JsonOf<paths['/api/v1/inbox']['get']['responses'][200]>
export type AppealPage = JsonOf<paths['/api/v1/appeals']['get']['responses'][200]>
export type AppealView = AppealPage['items'][number]
export type RetestQueue = JsonOf<paths['/api/v1/retests/queue']['get']['responses'][200]>
export type RetestItem = RetestQueue['items'][number]
export type NoticeSettings = JsonOf<paths['/api/v1/notice-settings']['get']['responses'][200]>
export type NoticeSettingsRequest = JsonOf<paths['/api/v1/notice-settings']['put']['requestBody']>
export type TemplatePreview = JsonOf<paths['/api/v1/notice-settings/preview']['post']['responses'][200]>
export type MessageKind = JsonOf<paths['/api/v1/notice-settings/preview']['post']['requestBody']>['kind']
export type DeliveryChannelConfig = JsonOf<
  paths['/api/v1/delivery-channels']['get']['responses'][200]
>[number]
export type SmsChannelRequest = JsonOf<paths['/api/v1/delivery-channels/sms']['put']['requestBody']>
export type EmailChannelRequest = JsonOf<paths['/api/v1/delivery-channels/email']['put']['requestBody']>

export const MESSAGE_KINDS: readonly MessageKind[] = [
  'notice_issued',
  'escalation',
  'finding_returned',
  'appeal_decided',
  'dengbao_reminder',
]

export function useNotices(query: NoticeQuery) {
  return useQuery({
    queryKey: ['notices', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/notices', { params: { query } })),
    placeholderData: (previous) => previous,
  })
}

export function useNotice(id: string | undefined) {
  return useQuery({
    queryKey: ['notices', 'detail', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/notices/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    // Deliveries go out in the background: follow them while some are still on their way.
    refetchInterval: (query) => (query.state.data?.channels.some((c) => c.pending > 0) ? 2_000 : false),
  })
}

export function useBoard() {
  return useQuery({
    queryKey: ['notices', 'board'],
    queryFn: async () => unwrap(await api.GET('/api/v1/notice-board')),
  })
}

export function useInbox() {
  return useQuery({
    queryKey: ['notices', 'inbox'],
    queryFn: async () => unwrap(await api.GET('/api/v1/inbox')),
  })
}

export function useAppeals(status: 'pending' | 'decided' | 'all') {
  return useQuery({
    queryKey: ['notices', 'appeals', status],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/appeals', { params: { query: { status, pageSize: 100 } } })),
  })
}

export function useRetestQueue(campaignId?: string) {
  return useQuery({
    queryKey: ['notices', 'retests', campaignId ?? null],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/retests/queue', {
          params: { query: { pageSize: 100, ...(campaignId ? { campaignId } : {}) } },
        }),
      ),
  })
}

export function useNoticeSettings(enabled = true) {
  return useQuery({
    queryKey: ['notices', 'settings'],
    queryFn: async () => unwrap(await api.GET('/api/v1/notice-settings')),
    enabled,
  })
}

export function useDeliveryChannels() {
  return useQuery({
    queryKey: ['notices', 'channels'],
    queryFn: async () => unwrap(await api.GET('/api/v1/delivery-channels')),
  })
}

/** Uploads an attachment for a report or an appeal (multipart; the server types the file by its content). */
export async function uploadNoticeFile(noticeId: string, file: File): Promise<StoredFileRef> {
  return unwrap(
    await api.POST('/api/v1/notices/{id}/uploads', {
      params: { path: { id: noticeId } },
      ...multipartBody(file),
    }),
  )
}

export const noticeDocumentUrl = (id: string) => `/api/v1/notices/${id}/document`
export const noticeFileUrl = (id: string, fileId: string, inline = false) =>
  `/api/v1/notices/${id}/files/${fileId}${inline ? '?inline=1' : ''}`
export const evidenceUrl = (findingId: string, evidenceId: string) =>
  `/api/v1/findings/${findingId}/evidence/${evidenceId}?inline=1`

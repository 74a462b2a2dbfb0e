// Classified-protection calls of the generated SDK, with the shapes of their answers.
import { useQuery } from '@tanstack/react-query'
import { unwrap, type paths } from '@wangan/sdk'
import { api } from '../../api/client'
import { multipartBody } from '../../api/multipart'

type JsonOf<T> = T extends { content: { 'application/json': infer J } } ? J : never
type BodyOf<T> = T extends { content: { 'application/json': infer J } } ? J : never

export type DengbaoSystem = JsonOf<paths['/api/v1/dengbao/systems']['get']['responses'][200]>['items'][number]
export type SystemDetail = JsonOf<paths['/api/v1/dengbao/systems/{id}']['get']['responses'][200]>
export type Grading = SystemDetail['gradings'][number]
export type Assessment = SystemDetail['assessments'][number]
export type RectificationItem = Assessment['items'][number]
export type Guidance = JsonOf<paths['/api/v1/dengbao/guidance']['get']['responses'][200]>
export type ReviewAssignment = JsonOf<
  paths['/api/v1/dengbao/reviews']['get']['responses'][200]
>['items'][number]
export type Dashboard = JsonOf<paths['/api/v1/dengbao/dashboard']['get']['responses'][200]>
export type DueList = JsonOf<paths['/api/v1/dengbao/due']['get']['responses'][200]>
export type OverdueList = JsonOf<paths['/api/v1/dengbao/overdue']['get']['responses'][200]>
export type Expert = JsonOf<paths['/api/v1/dengbao/experts']['get']['responses'][200]>[number]
export type Deadlines = JsonOf<paths['/api/v1/dengbao/deadlines']['get']['responses'][200]>
export type ReminderPage = JsonOf<paths['/api/v1/dengbao/reminders']['get']['responses'][200]>
export type Reminder = ReminderPage['items'][number]
export type ReminderRun = JsonOf<paths['/api/v1/dengbao/reminders/run']['post']['responses'][200]>
export type SystemQuery = NonNullable<paths['/api/v1/dengbao/systems']['get']['parameters']['query']>
export type CreateSystemRequest = BodyOf<paths['/api/v1/dengbao/systems']['post']['requestBody']>
export type SubmitGradingRequest = BodyOf<
  paths['/api/v1/dengbao/systems/{id}/gradings']['post']['requestBody']
>
export type CreateAssessmentRequest = BodyOf<
  paths['/api/v1/dengbao/systems/{id}/assessments']['post']['requestBody']
>
export type HarmedObject = SubmitGradingRequest['business']['object']
export type HarmDegree = SubmitGradingRequest['business']['degree']

export const dengbaoKeys = { all: ['dengbao'] as const }

export function useSystems(query: SystemQuery) {
  return useQuery({
    queryKey: ['dengbao', 'systems', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/dengbao/systems', { params: { query } })),
  })
}

export function useSystem(id: string | undefined) {
  return useQuery({
    queryKey: ['dengbao', 'system', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/dengbao/systems/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
  })
}

export function useGuidance() {
  return useQuery({
    queryKey: ['dengbao', 'guidance'],
    queryFn: async () => unwrap(await api.GET('/api/v1/dengbao/guidance')),
    staleTime: Infinity,
  })
}

export function useDashboard(enabled: boolean, year?: number) {
  return useQuery({
    queryKey: ['dengbao', 'dashboard', year],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/dengbao/dashboard', { params: { query: year ? { year } : {} } })),
    enabled,
  })
}

export function useDue(year?: number) {
  return useQuery({
    queryKey: ['dengbao', 'due', year],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/dengbao/due', { params: { query: year ? { year } : {} } })),
  })
}

export function useOverdue(enabled: boolean, year?: number) {
  return useQuery({
    queryKey: ['dengbao', 'overdue', year],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/dengbao/overdue', { params: { query: year ? { year } : {} } })),
    enabled,
  })
}

export function useExperts(enabled: boolean) {
  return useQuery({
    queryKey: ['dengbao', 'experts'],
    queryFn: async () => unwrap(await api.GET('/api/v1/dengbao/experts')),
    enabled,
  })
}

export function useReminders(page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['dengbao', 'reminders', page, pageSize],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/dengbao/reminders', { params: { query: { page, pageSize } } })),
    placeholderData: (previous) => previous,
    // SMS and e-mail go out in the background: follow them while some are still on their way.
    refetchInterval: (query) =>
      query.state.data?.items.some((r) =>
        r.deliveries.some((d) => d.status === 'queued' || d.status === 'sending' || d.status === 'retrying'),
      )
        ? 3_000
        : false,
  })
}

export function useDeadlines(year: number, regionId?: string) {
  return useQuery({
    queryKey: ['dengbao', 'deadlines', year, regionId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/dengbao/deadlines', {
          params: { query: { year, ...(regionId ? { regionId } : {}) } },
        }),
      ),
  })
}

export function useReviews(state?: 'pending' | 'answered' | 'declined') {
  return useQuery({
    queryKey: ['dengbao', 'reviews', state],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/dengbao/reviews', {
          params: { query: { pageSize: 100, ...(state ? { state } : {}) } },
        }),
      ),
  })
}

/** The security level of one side of the grading (GB/T 22240-2020), from the matrix the server sends. */
export function levelFrom(
  matrix: Guidance['matrix'] | undefined,
  object: HarmedObject | undefined,
  degree: HarmDegree | undefined,
): number | null {
  if (!matrix || !object || !degree) return null
  return matrix[object]?.[degree] ?? null
}

/** Uploads the institution's report (测评报告) of an assessment; a later upload replaces it. */
export async function uploadAssessmentReport(assessmentId: string, file: File): Promise<Assessment> {
  return unwrap(
    await api.POST('/api/v1/dengbao/assessments/{id}/report', {
      params: { path: { id: assessmentId } },
      ...multipartBody(file),
    }),
  )
}

export function assessmentReportUrl(assessmentId: string): string {
  return `/api/v1/dengbao/assessments/${assessmentId}/report`
}

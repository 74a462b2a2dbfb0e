import { noticeLoopJobs } from '../modules/notices/notice-loop'
import type { Services } from '../services'
import type { JobDefinition } from './job-queue'

/** Every background job of the platform. A module adds its jobs here (one line: a factory that receives the services
 * its handlers call). */
export function jobDefinitions(services: Services): JobDefinition[] {
  return [
    ...noticeLoopJobs(services),
    services.forms.reminderJob as JobDefinition,
    services.dengbaoReminders.dailyJob as JobDefinition,
  ]
}

/** Recurring jobs chain themselves (each run schedules the next); a starting worker makes sure today's run exists. */
export async function scheduleRecurringJobs(services: Services): Promise<void> {
  await services.dengbaoReminders.ensureScheduled()
}

import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { ZDelivery } from '../delivery/delivery.schemas'
import {
  ZListRemindersQuery,
  ZReminder,
  ZReminderSettings,
  ZRunRemindersRequest,
  ZRunRemindersResult,
} from './dengbao-reminders.schemas'

const tags = ['dengbao 等级保护']
const base = '/api/v1/dengbao'

export function registerDengbaoReminderRoutes(app: WanganApp, { dengbaoReminders }: Services): void {
  app.route({
    method: 'GET',
    url: `${base}/reminders`,
    config: { access: roles('police', 'regulator', 'org_liaison', 'org_leader') },
    schema: {
      tags,
      summary: '到期提醒记录 Deadline reminders sent, with the state of each channel',
      querystring: ZListRemindersQuery,
      response: { 200: pageOf(ZReminder) },
    },
    handler: (request) => dengbaoReminders.list(request.ctx, request.query),
  })
  app.route({
    method: 'POST',
    url: `${base}/reminders/run`,
    config: { access: roles('police', 'regulator') },
    schema: {
      tags,
      summary: '立即发送到期提醒 Send the reminders owed today in the caller’s region now',
      body: ZRunRemindersRequest,
      response: { 200: ZRunRemindersResult },
    },
    handler: (request) => dengbaoReminders.runNow(request.ctx, request.body),
  })
  app.route({
    method: 'POST',
    url: `${base}/reminders/deliveries/:id/retry`,
    config: { access: roles('police', 'regulator') },
    schema: {
      tags,
      summary: '重发失败的提醒 Retry a failed reminder delivery',
      params: ZIdParams,
      response: { 200: ZDelivery },
    },
    handler: (request) => dengbaoReminders.retry(request.ctx, request.params.id),
  })
  app.route({
    method: 'GET',
    url: `${base}/reminder-settings`,
    config: { access: roles('admin', 'police', 'regulator') },
    schema: {
      tags,
      summary: '提醒时点设置 Reminder brackets and channels',
      response: { 200: ZReminderSettings },
    },
    handler: () => dengbaoReminders.getSettings(),
  })
  app.route({
    method: 'PUT',
    url: `${base}/reminder-settings`,
    config: { access: roles('admin') },
    schema: {
      tags,
      summary: '修改提醒时点设置 Set the reminder brackets and channels (platform-wide)',
      body: ZReminderSettings,
      response: { 200: ZReminderSettings },
    },
    handler: (request) => dengbaoReminders.putSettings(request.ctx, request.body),
  })
}

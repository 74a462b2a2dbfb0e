import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import type { Services } from '../../services'
import {
  ZChannelParams,
  ZDeliveryChannelConfig,
  ZEmailChannelRequest,
  ZSmsChannelRequest,
  ZTestDeliveryRequest,
  ZTestDeliveryResult,
} from './delivery.schemas'

const tags = ['delivery 消息发送']
const admin = roles('admin')

export function registerDeliveryRoutes(app: WanganApp, { delivery }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/delivery-channels',
    config: { access: admin },
    schema: {
      tags,
      summary: '短信与邮件通道 SMS and e-mail providers (keys never returned)',
      response: { 200: z.array(ZDeliveryChannelConfig) },
    },
    handler: () => delivery.channels(),
  })
  app.route({
    method: 'PUT',
    url: '/api/v1/delivery-channels/sms',
    config: { access: admin },
    schema: {
      tags,
      summary: '配置短信通道 Configure the SMS provider (Aliyun, Tencent Cloud, webhook, console)',
      body: ZSmsChannelRequest,
      response: { 200: ZDeliveryChannelConfig },
    },
    handler: (request) => delivery.configure(request.ctx, 'sms', request.body),
  })
  app.route({
    method: 'PUT',
    url: '/api/v1/delivery-channels/email',
    config: { access: admin },
    schema: {
      tags,
      summary: '配置邮件通道 Configure e-mail (SMTP, or files for development)',
      body: ZEmailChannelRequest,
      response: { 200: ZDeliveryChannelConfig },
    },
    handler: (request) => delivery.configure(request.ctx, 'email', request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/delivery-channels/:channel/test',
    config: { access: admin },
    schema: {
      tags,
      summary: '发送测试消息 Send one test message now with the configured provider',
      params: ZChannelParams,
      body: ZTestDeliveryRequest,
      response: { 200: ZTestDeliveryResult },
    },
    handler: (request) => delivery.sendTest(request.ctx, request.params.channel, request.body.address),
  })
}

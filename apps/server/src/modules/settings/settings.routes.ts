import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import type { Services } from '../../services'
import { ZSecuritySettings } from './settings.service'

const tags = ['settings 平台设置']

export function registerSettingsRoutes(app: WanganApp, { settings }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/settings/security',
    config: { access: roles('admin') },
    schema: { tags, summary: '安全设置 Security settings', response: { 200: ZSecuritySettings } },
    handler: () => settings.getSecurity(),
  })
  app.route({
    method: 'PUT',
    url: '/api/v1/settings/security',
    config: { access: roles('admin') },
    schema: {
      tags,
      summary: '修改安全设置 Update security settings',
      body: ZSecuritySettings,
      response: { 200: ZSecuritySettings },
    },
    handler: (request) => settings.updateSecurity(request.ctx, request.body),
  })
}

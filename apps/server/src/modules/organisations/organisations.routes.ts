import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { ZListOrganisationsQuery, ZOrganisation, ZOrganisationDetail } from './organisations.schemas'

const tags = ['organisations 单位']
const readers = roles(
  'admin',
  'regulator',
  'reviewer',
  'retester',
  'police',
  'expert',
  'org_liaison',
  'org_leader',
)

export function registerOrganisationRoutes(app: WanganApp, { organisations }: Services): void {
  app.route({
    method: 'GET',
    url: '/api/v1/organisations',
    config: { access: readers },
    schema: {
      tags,
      summary: '单位列表（可见范围内） Organisations the caller may see',
      querystring: ZListOrganisationsQuery,
      response: { 200: pageOf(ZOrganisation) },
    },
    handler: (request) => organisations.list(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/organisations/:id',
    config: { access: readers },
    schema: {
      tags,
      summary: '单位详情 Get an organisation',
      params: ZIdParams,
      response: { 200: ZOrganisationDetail },
    },
    handler: (request) => organisations.get(request.ctx, request.params.id),
  })
}

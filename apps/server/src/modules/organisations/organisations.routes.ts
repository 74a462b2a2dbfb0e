import { z } from 'zod'
import { roles } from '../../http/access'
import type { WanganApp } from '../../http/app'
import { pageOf, ZIdParams } from '../../http/schemas'
import type { Services } from '../../services'
import { ORGANISATION_COLUMNS } from '../registry-import/registry-columns'
import { attachmentHeader, CONTENT_TYPES, tableStream } from '../registry-import/table-writer'
import {
  CATEGORY_LABELS,
  CONTACT_KIND_LABELS,
  ZContact,
  ZContactParams,
  ZCreateContactRequest,
  ZCreateOrganisationRequest,
  ZExportOrganisationsQuery,
  ZHistoryEvent,
  ZHistoryQuery,
  ZListOrganisationsQuery,
  ZOrganisation,
  ZOrganisationDetail,
  ZOrganisationTreeNode,
  ZOrganisationTreeQuery,
  ZUpdateContactRequest,
  ZUpdateOrganisationRequest,
  ZVersionRequest,
} from './organisations.schemas'

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
/** Create, edit, move, deactivate: the regulator of the region (and the platform administrator). */
const managers = roles('admin', 'regulator')
/** Contacts: also the organisation's own liaison (checked per organisation in the service). */
const contactEditors = roles('admin', 'regulator', 'org_liaison')

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
    url: '/api/v1/organisations/tree',
    config: { access: readers },
    schema: {
      tags,
      summary: '单位树（直属单位） Organisations as a tree of subordinate units',
      querystring: ZOrganisationTreeQuery,
      response: { 200: z.array(ZOrganisationTreeNode) },
    },
    handler: (request) => organisations.tree(request.ctx, request.query),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/organisations/export',
    config: { access: readers },
    schema: {
      tags,
      summary: '导出单位列表 (XLSX/CSV) Export the filtered list',
      querystring: ZExportOrganisationsQuery,
    },
    handler: async (request, reply) => {
      const { format, ...filter } = request.query
      const rows = (async function* () {
        for await (const o of organisations.iterate(request.ctx, filter)) {
          const liaison = o.contacts.find((c) => c.kind === 'liaison')
          const leader = o.contacts.find((c) => c.kind === 'leader')
          yield {
            name: o.name,
            shortName: o.shortName,
            creditCode: o.creditCode,
            category: CATEGORY_LABELS[o.category],
            isIndustryRegulator: o.isIndustryRegulator ? '是' : '否',
            parent: o.parentName,
            region: o.regionName,
            address: o.address,
            liaisonName: liaison?.name,
            liaisonMobile: liaison?.mobile,
            liaisonEmail: liaison?.email,
            liaisonPhone: liaison?.phone,
            leaderName: leader?.name,
            leaderMobile: leader?.mobile,
            leaderEmail: leader?.email,
            leaderPhone: leader?.phone,
            notes: o.notes,
            status: o.status === 'active' ? '在用' : '停用',
          }
        }
      })()
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', attachmentHeader(`单位列表.${format}`, `organisations.${format}`))
        .send(tableStream(format, '单位', ORGANISATION_COLUMNS, rows))
    },
  })
  app.route({
    method: 'POST',
    url: '/api/v1/organisations',
    config: { access: managers },
    schema: {
      tags,
      summary: '新建单位 Create an organisation',
      body: ZCreateOrganisationRequest,
      response: { 201: ZOrganisationDetail },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await organisations.create(request.ctx, request.body)),
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
  app.route({
    method: 'PATCH',
    url: '/api/v1/organisations/:id',
    config: { access: managers },
    schema: {
      tags,
      summary: '修改单位（含调整上级单位） Update or move an organisation',
      params: ZIdParams,
      body: ZUpdateOrganisationRequest,
      response: { 200: ZOrganisationDetail },
    },
    handler: (request) => organisations.update(request.ctx, request.params.id, request.body),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/organisations/:id/deactivate',
    config: { access: managers },
    schema: {
      tags,
      summary: '停用单位 Deactivate an organisation (its assets leave matching)',
      params: ZIdParams,
      body: ZVersionRequest,
      response: { 200: ZOrganisationDetail },
    },
    handler: (request) =>
      organisations.setStatus(request.ctx, request.params.id, 'inactive', request.body.version),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/organisations/:id/reactivate',
    config: { access: managers },
    schema: {
      tags,
      summary: '恢复单位 Reactivate an organisation',
      params: ZIdParams,
      body: ZVersionRequest,
      response: { 200: ZOrganisationDetail },
    },
    handler: (request) =>
      organisations.setStatus(request.ctx, request.params.id, 'active', request.body.version),
  })
  app.route({
    method: 'GET',
    url: '/api/v1/organisations/:id/history',
    config: { access: readers },
    schema: {
      tags,
      summary: '单位变更记录 Change history of an organisation',
      params: ZIdParams,
      querystring: ZHistoryQuery,
      response: { 200: pageOf(ZHistoryEvent) },
    },
    handler: (request) =>
      organisations.history(request.ctx, request.params.id, request.query.page, request.query.pageSize),
  })
  app.route({
    method: 'POST',
    url: '/api/v1/organisations/:id/contacts',
    config: { access: contactEditors },
    schema: {
      tags,
      summary: `新增联系人（${Object.values(CONTACT_KIND_LABELS).join('、')}） Add a contact`,
      params: ZIdParams,
      body: ZCreateContactRequest,
      response: { 201: ZContact },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await organisations.addContact(request.ctx, request.params.id, request.body)),
  })
  app.route({
    method: 'PATCH',
    url: '/api/v1/organisations/:id/contacts/:contactId',
    config: { access: contactEditors },
    schema: {
      tags,
      summary: '修改联系人 Update a contact',
      params: ZContactParams,
      body: ZUpdateContactRequest,
      response: { 200: ZContact },
    },
    handler: (request) =>
      organisations.updateContact(request.ctx, request.params.id, request.params.contactId, request.body),
  })
  app.route({
    method: 'DELETE',
    url: '/api/v1/organisations/:id/contacts/:contactId',
    config: { access: contactEditors },
    schema: {
      tags,
      summary: '删除联系人 Remove a contact',
      params: ZContactParams,
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
    handler: async (request) => {
      await organisations.removeContact(request.ctx, request.params.id, request.params.contactId)
      return { ok: true as const }
    },
  })
}

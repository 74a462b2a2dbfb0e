import { makeCreditCode } from '@wangan/rules/registry'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestClient, type TestPlatform } from '../../testing/test-platform'

type ErrorBody = {
  error: { code: string; message: string; details?: { path: string; message: string; code?: string }[] }
}
type Org = {
  id: string
  name: string
  creditCode: string | null
  parentId: string | null
  status: string
  version: number
  contacts: {
    id: string
    kind: string
    name: string
    mobile: string | null
    email: string | null
    version: number
  }[]
  canEdit: boolean
  canEditContacts: boolean
}
type Node = { id: string; parentId: string | null; depth: number; name: string }

let t: TestPlatform
let regulator: TestClient
beforeAll(async () => {
  t = await createTestPlatform()
  regulator = await t.as('regulator')
})
afterAll(async () => {
  await t?.close()
})

const VALID_CODE = makeCreditCode('11329900MB0000001')
const WRONG_CHECK = VALID_CODE.slice(0, 17) + (VALID_CODE.endsWith('0') ? '1' : '0')

async function createOrg(client: TestClient, body: Record<string, unknown>) {
  return client.post<Org & ErrorBody>('/api/v1/organisations', {
    category: 'party_government',
    regionId: t.basics.city.id,
    ...body,
  })
}

describe('creating and editing organisations', () => {
  test('a regulator creates an organisation with contacts; codes and numbers are normalised', async () => {
    const code = VALID_CODE
    const created = await createOrg(regulator, {
      name: '  市测试局 ',
      creditCode: code.toLowerCase(),
      isIndustryRegulator: true,
      contacts: [
        { kind: 'liaison', name: '王五', mobile: '+86 138-0000-0002', email: 'Wang@EXAMPLE.gov.cn' },
        { kind: 'leader', name: '赵六', phone: '(0519)85686291' },
      ],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.name).toBe('市测试局')
    expect(created.body.creditCode).toBe(code)
    const liaison = created.body.contacts.find((c) => c.kind === 'liaison')!
    expect(liaison.mobile).toBe('13800000002')
    expect(liaison.email).toBe('Wang@example.gov.cn')
    expect(created.body.canEdit).toBe(true)

    const again = await createOrg(regulator, { name: '另一个局', creditCode: code })
    expect(again.status).toBe(409)
    expect(again.body.error.details?.[0]?.path).toBe('body.creditCode')
  })

  test('a wrong check character, mobile or e-mail is refused with the field and the reason', async () => {
    const badCode = await createOrg(regulator, { name: '校验局', creditCode: WRONG_CHECK })
    expect(badCode.status).toBe(400)
    expect(badCode.body.error.details?.[0]?.path).toBe('body.creditCode')
    expect(badCode.body.error.message).toMatch(/校验/)
    const badMobile = await createOrg(regulator, {
      name: '手机局',
      contacts: [{ kind: 'liaison', name: '李四', mobile: '12800000000' }],
    })
    expect(badMobile.status).toBe(400)
    expect(badMobile.body.error.details?.[0]?.path).toBe('body.contacts.0.mobile')
    const noMobile = await createOrg(regulator, {
      name: '无手机局',
      contacts: [{ kind: 'liaison', name: '李四' }],
    })
    expect(noMobile.status).toBe(400)
    expect(noMobile.body.error.message).toMatch(/手机/)
    const badEmail = await createOrg(regulator, {
      name: '邮箱局',
      contacts: [{ kind: 'leader', name: '李四', email: 'not-an-email' }],
    })
    expect(badEmail.status).toBe(400)
    expect(badEmail.body.error.details?.[0]?.path).toBe('body.contacts.0.email')
  })

  test('edits name the version they read; a stale version loses with 409', async () => {
    const created = await createOrg(regulator, { name: '版本局' })
    const first = await regulator.patch<Org>(`/api/v1/organisations/${created.body.id}`, {
      shortName: '版本',
      version: created.body.version,
    })
    expect(first.status).toBe(200)
    expect(first.body.version).toBe(created.body.version + 1)
    const stale = await regulator.patch<ErrorBody>(`/api/v1/organisations/${created.body.id}`, {
      shortName: '旧',
      version: created.body.version,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('CONFLICT')
  })

  test('a regulator cannot place or edit organisations outside their region', async () => {
    const elsewhere = await createOrg(regulator, { name: '邻市单位', regionId: t.basics.otherCity.id })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.error.details?.[0]?.path).toBe('body.regionId')
    const patch = await regulator.patch<ErrorBody>(`/api/v1/organisations/${t.basics.orgOther.id}`, {
      name: '改名单位',
      version: 1,
    })
    expect(patch.status).toBe(404)
    const district = await t.as('regulator', { regionId: t.basics.districtA.id })
    expect(
      (await district.patch(`/api/v1/organisations/${t.basics.orgA.id}`, { name: '改名单位', version: 1 }))
        .status,
    ).toBe(404)
    const liaison = await t.as('org_liaison')
    expect(
      (await liaison.patch(`/api/v1/organisations/${t.basics.orgA.id}`, { name: '改名单位', version: 1 }))
        .status,
    ).toBe(403)
  })
})

describe('hierarchy', () => {
  test('moving an organisation rewrites its subtree; a move under its own subordinate is refused', async () => {
    const top = await createOrg(regulator, { name: '上级局' })
    const middle = await createOrg(regulator, { name: '中层中心', parentId: top.body.id })
    const bottom = await createOrg(regulator, { name: '基层站', parentId: middle.body.id })
    const other = await createOrg(regulator, { name: '新上级局' })
    expect(bottom.status).toBe(201)

    const cycle = await regulator.patch<ErrorBody>(`/api/v1/organisations/${top.body.id}`, {
      parentId: bottom.body.id,
      version: top.body.version,
    })
    expect(cycle.status).toBe(400)
    expect(cycle.body.error.details?.[0]?.code).toBe('cycle')
    const self = await regulator.patch<ErrorBody>(`/api/v1/organisations/${top.body.id}`, {
      parentId: top.body.id,
      version: top.body.version,
    })
    expect(self.status).toBe(400)

    const moved = await regulator.patch<Org>(`/api/v1/organisations/${middle.body.id}`, {
      parentId: other.body.id,
      version: middle.body.version,
    })
    expect(moved.status).toBe(200)
    expect(moved.body.parentId).toBe(other.body.id)
    // The liaison of the new parent now sees the moved unit and the unit below it; the old parent's does not.
    const newLiaison = await t.as('org_liaison', { organisationId: other.body.id })
    expect((await newLiaison.get(`/api/v1/organisations/${bottom.body.id}`)).status).toBe(200)
    const oldLiaison = await t.as('org_liaison', { organisationId: top.body.id })
    expect((await oldLiaison.get(`/api/v1/organisations/${bottom.body.id}`)).status).toBe(404)

    const tree = await regulator.get<Node[]>('/api/v1/organisations/tree')
    const at = tree.body.findIndex((n) => n.id === other.body.id)
    expect(tree.body.slice(at, at + 3).map((n) => [n.name, n.depth])).toEqual([
      ['新上级局', 0],
      ['中层中心', 1],
      ['基层站', 2],
    ])
    expect(tree.body[at + 1]!.parentId).toBe(other.body.id)
    const history = await regulator.get<{ items: { action: string }[] }>(
      `/api/v1/organisations/${middle.body.id}/history`,
    )
    expect(history.body.items.map((e) => e.action)).toContain('organisation.moved')
  })

  test('the tree shows subordinate units under their parent; a liaison’s tree starts at their organisation', async () => {
    const tree = await regulator.get<Node[]>('/api/v1/organisations/tree')
    expect(tree.body.filter((n) => n.parentId === t.basics.orgA.id).map((c) => c.id)).toEqual([
      t.basics.orgASub.id,
    ])
    const at = tree.body.findIndex((n) => n.id === t.basics.orgA.id)
    expect(tree.body[at + 1]!.id).toBe(t.basics.orgASub.id)
    expect(tree.body.find((n) => n.id === t.basics.orgOther.id)).toBeUndefined()
    const liaison = await t.as('org_liaison', { organisationId: t.basics.orgASub.id })
    const own = await liaison.get<Node[]>('/api/v1/organisations/tree')
    expect(own.body.map((n) => [n.id, n.parentId, n.depth])).toEqual([[t.basics.orgASub.id, null, 0]])
  })

  test('lists filter by region, category, regulator flag and parent', async () => {
    const byParent = await regulator.get<{ items: Org[] }>(
      `/api/v1/organisations?parentId=${t.basics.orgA.id}`,
    )
    expect(byParent.body.items.map((o) => o.id)).toEqual([t.basics.orgASub.id])
    const districts = await regulator.get<{ items: Org[] }>('/api/v1/organisations?category=district')
    expect(districts.body.items.map((o) => o.id)).toEqual([t.basics.orgB.id])
    const byRegion = await regulator.get<{ items: Org[] }>(
      `/api/v1/organisations?regionId=${t.basics.districtA.id}`,
    )
    expect(byRegion.body.items.map((o) => o.id)).toEqual([t.basics.orgB.id])
    const regulators = await regulator.get<{ items: Org[] }>('/api/v1/organisations?isIndustryRegulator=true')
    expect(
      regulators.body.items.every(
        (o) => (o as unknown as { isIndustryRegulator: boolean }).isIndustryRegulator,
      ),
    ).toBe(true)
  })

  test('deactivate and reactivate are audited and checked against the version', async () => {
    const org = await createOrg(regulator, { name: '停用局' })
    const off = await regulator.post<Org>(`/api/v1/organisations/${org.body.id}/deactivate`, {
      version: org.body.version,
    })
    expect(off.status).toBe(200)
    expect(off.body.status).toBe('inactive')
    const stale = await regulator.post(`/api/v1/organisations/${org.body.id}/reactivate`, {
      version: org.body.version,
    })
    expect(stale.status).toBe(409)
    const on = await regulator.post<Org>(`/api/v1/organisations/${org.body.id}/reactivate`, {
      version: off.body.version,
    })
    expect(on.body.status).toBe('active')
    const history = await regulator.get<{ items: { action: string }[] }>(
      `/api/v1/organisations/${org.body.id}/history`,
    )
    expect(history.body.items.map((e) => e.action)).toEqual([
      'organisation.reactivated',
      'organisation.deactivated',
      'organisation.created',
    ])
  })
})

describe('contacts (liaison portal)', () => {
  test('a liaison edits the contacts of their organisation and subordinate unit, not another’s', async () => {
    const liaison = await t.as('org_liaison')
    const added = await liaison.post<Org['contacts'][number]>(
      `/api/v1/organisations/${t.basics.orgASub.id}/contacts`,
      {
        kind: 'liaison',
        name: '钱七',
        mobile: '13912345678',
      },
    )
    expect(added.status).toBe(201)
    const edited = await liaison.patch<Org['contacts'][number]>(
      `/api/v1/organisations/${t.basics.orgASub.id}/contacts/${added.body.id}`,
      { email: 'qian@example.gov.cn', version: added.body.version },
    )
    expect(edited.status).toBe(200)
    expect(edited.body.email).toBe('qian@example.gov.cn')
    const stale = await liaison.patch(
      `/api/v1/organisations/${t.basics.orgASub.id}/contacts/${added.body.id}`,
      {
        email: 'x@example.gov.cn',
        version: added.body.version,
      },
    )
    expect(stale.status).toBe(409)
    const removeMobile = await liaison.patch<ErrorBody>(
      `/api/v1/organisations/${t.basics.orgASub.id}/contacts/${added.body.id}`,
      { mobile: null, version: edited.body.version },
    )
    expect(removeMobile.status).toBe(400)

    const foreign = await liaison.post(`/api/v1/organisations/${t.basics.orgB.id}/contacts`, {
      kind: 'leader',
      name: '孙八',
    })
    expect(foreign.status).toBe(404)
    const detail = await liaison.get<Org>(`/api/v1/organisations/${t.basics.orgA.id}`)
    expect(detail.body.canEdit).toBe(false)
    expect(detail.body.canEditContacts).toBe(true)
    const contactOfA = detail.body.contacts[0]!
    expect(
      (await liaison.delete(`/api/v1/organisations/${t.basics.orgB.id}/contacts/${contactOfA.id}`)).status,
    ).toBe(404)

    const leader = await t.as('org_leader')
    expect((await leader.get<Org>(`/api/v1/organisations/${t.basics.orgA.id}`)).body.canEditContacts).toBe(
      false,
    )
    const removed = await liaison.delete(
      `/api/v1/organisations/${t.basics.orgASub.id}/contacts/${added.body.id}`,
    )
    expect(removed.status).toBe(200)
    const history = await regulator.get<{ items: { action: string; summary: Record<string, unknown> }[] }>(
      `/api/v1/organisations/${t.basics.orgASub.id}/history`,
    )
    expect(history.body.items.map((e) => e.action)).toEqual([
      'organisation.contact_removed',
      'organisation.contact_updated',
      'organisation.contact_added',
    ])
    expect(history.body.items[1]!.summary.email).toEqual([null, 'qian@example.gov.cn'])
    expect((await liaison.get(`/api/v1/organisations/${t.basics.orgB.id}/history`)).status).toBe(404)
  })
})

describe('export', () => {
  test('CSV and XLSX exports of a filtered list neutralise formula-like cells', async () => {
    const created = await createOrg(regulator, {
      name: '导出局',
      notes: '=HYPERLINK("http://evil.example","点我")',
      address: '@SUM(1+1)',
      contacts: [{ kind: 'liaison', name: '周九', mobile: '13700000000' }],
    })
    expect(created.status).toBe(201)
    const csv = await regulator.get<string>('/api/v1/organisations/export?format=csv&q=导出局')
    expect(csv.status).toBe(200)
    expect(String(csv.headers['content-type'])).toMatch(/text\/csv/)
    expect(String(csv.headers['content-disposition'])).toMatch(/filename\*=UTF-8''/)
    const text = String(csv.body)
    expect(text.startsWith('\ufeff单位名称,')).toBe(true)
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`)
    expect(text).toContain("'@SUM(1+1)")
    expect(text).toContain('13700000000')
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2)

    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organisations/export?format=xlsx&q=导出局',
      headers: { cookie: regulator.cookie! },
    })
    expect(response.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toBe('单位名称')
    const values = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''))
    expect(values).toContain('导出局')
    expect(values).toContain(`'=HYPERLINK("http://evil.example","点我")`)
    expect(sheet.rowCount).toBe(2)

    const liaison = await t.as('org_liaison')
    const own = await liaison.get<string>('/api/v1/organisations/export?format=csv')
    expect(String(own.body)).not.toContain('导出局')
    expect(String(own.body)).toContain('市教育局')
  })
})

// Demo data of classified protection: systems of a few demo organisations at every stage of the workflow, so that each
// demo user has something to do — the liaison of 市教育局 grades, the expert reviews, the regulator approves, the police
// file — plus an assessment with rectification items. Dates follow the real calendar (a demo step has no clock).
import { gradeSystem, type THarmDegree, type THarmedObject } from '@wangan/rules/grading'
import { eq } from 'drizzle-orm'
import type { Tx } from '../../db/client'
import {
  dengbaoAssessments,
  expertDraws,
  gradingReviews,
  informationSystems,
  rectificationItems,
  systemGradings,
} from '../../db/schema'
import type { DemoStep } from '../demo/demo.service'
import { shanghaiDate } from './dengbao-due'
import { drawFromPool, newDrawSeed } from './expert-draw'
import type { TSystemType } from './dengbao.schemas'
import type { TGradingStatus } from './dengbao.workflow'

type DemoSystem = {
  organisation: string
  name: string
  type: TSystemType
  isCritical?: boolean
  description: string
  grading?: {
    business: [THarmedObject, THarmDegree]
    service: [THarmedObject, THarmDegree]
    status: TGradingStatus
    filingNumber?: string
  }
  assessment?: boolean
}

const SYSTEMS: DemoSystem[] = [
  {
    organisation: '市教育局',
    name: '市教育局门户网站',
    type: 'traditional',
    description: '单位门户网站，发布政务公开信息',
    grading: {
      business: ['citizen', 'serious'],
      service: ['society', 'general'],
      status: 'filed',
      filingNumber: '32040013001-00101',
    },
  },
  {
    organisation: '市教育局',
    name: '教育城域网云平台',
    type: 'cloud',
    isCritical: true,
    description: '承载全市中小学教育业务系统的政务云平台',
    grading: {
      business: ['society', 'serious'],
      service: ['society', 'serious'],
      status: 'filed',
      filingNumber: '32040013001-00102',
    },
    assessment: true,
  },
  {
    organisation: '市教育局',
    name: '中小学招生报名系统',
    type: 'traditional',
    description: '义务教育阶段网上招生报名',
    grading: { business: ['society', 'serious'], service: ['citizen', 'serious'], status: 'submitted' },
  },
  {
    organisation: '市教育局',
    name: '学生健康数据平台',
    type: 'big_data',
    description: '汇集学生体检与健康监测数据',
    grading: { business: ['society', 'serious'], service: ['citizen', 'general'], status: 'under_review' },
  },
  { organisation: '市教育局', name: '校园安防物联网', type: 'iot', description: '校园视频监控与门禁' },
  {
    organisation: '市卫生健康委',
    name: '全民健康信息平台',
    type: 'big_data',
    isCritical: true,
    description: '区域全民健康信息平台',
    grading: { business: ['society', 'serious'], service: ['society', 'serious'], status: 'reviewed' },
  },
  {
    organisation: '常州日报社',
    name: '新闻客户端',
    type: 'mobile',
    description: '新闻移动应用（iOS/Android）',
    grading: { business: ['society', 'general'], service: ['society', 'general'], status: 'approved' },
  },
  {
    organisation: '天宁区',
    name: '天宁区政务服务系统',
    type: 'traditional',
    description: '区级政务服务事项办理',
    grading: {
      business: ['society', 'serious'],
      service: ['society', 'general'],
      status: 'filed',
      filingNumber: '32040213001-00201',
    },
  },
]

const DAY = 86_400_000

export const dengbaoDemoStep: DemoStep = async (tx, _ctx, state) => {
  const now = new Date()
  const today = shanghaiDate(now)
  const year = Number(today.slice(0, 4))
  const liaison = state.userIds.get('demo-liaison') ?? null
  const expert = state.userIds.get('demo-expert') ?? null
  const police = state.userIds.get('demo-police') ?? null
  const regulator = state.userIds.get('demo-regulator') ?? null
  for (const demo of SYSTEMS) {
    const organisationId = state.organisationIds.get(demo.organisation)
    if (!organisationId) continue
    const [system] = await tx
      .insert(informationSystems)
      .values({
        organisationId,
        name: demo.name,
        type: demo.type,
        description: `${demo.description}（演示数据）`,
        isCriticalInfrastructure: demo.isCritical ?? false,
        contacts: [
          { name: '演示运维联系人', mobile: '13900000000', email: 'ops@example.com', duty: '系统运维' },
        ],
        createdBy: liaison,
      })
      .returning()
    if (!demo.grading) continue
    const g = demo.grading
    const result = gradeSystem({
      business: { object: g.business[0], degree: g.business[1] },
      service: { object: g.service[0], degree: g.service[1] },
    })
    const filed = g.status === 'filed'
    const submittedAt = new Date(now.getTime() - (filed ? 400 : 10) * DAY)
    const filedOn = shanghaiDate(new Date(now.getTime() - 380 * DAY))
    const reached = (status: TGradingStatus) => ORDER.indexOf(g.status) >= ORDER.indexOf(status)
    const [grading] = await tx
      .insert(systemGradings)
      .values({
        systemId: system!.id,
        round: 1,
        status: g.status,
        businessObject: g.business[0],
        businessDegree: g.business[1],
        businessLevel: result.business,
        businessReasoning: '演示：业务信息遭到破坏后对客体的侵害程度分析',
        serviceObject: g.service[0],
        serviceDegree: g.service[1],
        serviceLevel: result.service,
        serviceReasoning: '演示：系统服务中断后对客体的侵害程度分析',
        level: result.level,
        submittedBy: liaison,
        submittedAt,
        ...(reached('approved')
          ? {
              approvedBy: regulator,
              approvedAt: new Date(submittedAt.getTime() + 5 * DAY),
              approvalOpinion: '同意（演示）',
            }
          : {}),
        ...(filed
          ? {
              filingNumber: g.filingNumber,
              filedOn,
              filedBy: police,
              filedAt: new Date(submittedAt.getTime() + 20 * DAY),
            }
          : {}),
      })
      .returning()
    await tx
      .update(informationSystems)
      .set({
        stage: g.status,
        proposedLevel: result.level,
        latestGradingId: grading!.id,
        ...(filed ? { filedLevel: result.level, filingNumber: g.filingNumber, filedOn } : {}),
      })
      .where(eq(informationSystems.id, system!.id))
    if (reached('under_review') && expert)
      await drawDemoExpert(tx, grading!.id, expert, police, g.status !== 'under_review')
    if (demo.assessment) await demoAssessment(tx, system!.id, result.level, year, liaison)
  }
}

const ORDER: TGradingStatus[] = ['submitted', 'under_review', 'reviewed', 'approved', 'filed']

async function drawDemoExpert(
  tx: Tx,
  gradingId: string,
  expertId: string,
  police: string | null,
  answered: boolean,
) {
  const seed = newDrawSeed()
  const pool = [expertId]
  const [draw] = await tx
    .insert(expertDraws)
    .values({
      gradingId,
      drawnBy: police,
      drawnAt: new Date(),
      seed,
      requested: 1,
      poolUserIds: pool,
      selectedUserIds: drawFromPool(seed, pool, 1),
    })
    .returning()
  await tx.insert(gradingReviews).values({
    gradingId,
    drawId: draw!.id,
    expertId,
    ...(answered
      ? { opinion: 'agree' as const, comments: '定级依据充分，同意（演示）', answeredAt: new Date() }
      : {}),
  })
}

async function demoAssessment(tx: Tx, systemId: string, level: number, year: number, by: string | null) {
  const [assessment] = await tx
    .insert(dengbaoAssessments)
    .values({
      systemId,
      assessedOn: `${year - 1}-09-20`,
      institution: '江苏省某网络安全等级测评中心（演示）',
      conclusion: 'basically_compliant',
      score: 82.5,
      level,
      reportNumber: `DJCP-${year - 1}-0088`,
      createdBy: by,
    })
    .returning()
  await tx.insert(rectificationItems).values([
    {
      assessmentId: assessment!.id,
      systemId,
      title: '管理员账户未启用双因素认证',
      severity: 'high' as const,
      owner: '信息中心 王工',
      deadline: `${year - 1}-12-31`,
      status: 'closed' as const,
      closedAt: new Date(),
      closedBy: by,
    },
    {
      assessmentId: assessment!.id,
      systemId,
      title: '安全审计日志留存不足六个月',
      severity: 'medium' as const,
      owner: '信息中心 李工',
      deadline: `${year}-12-31`,
    },
  ])
}

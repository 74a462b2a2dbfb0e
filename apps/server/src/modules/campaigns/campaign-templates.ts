// Campaign templates: the phases of a 专项行动 and their deadlines as the seeds give them (see
// docs/interpretations/findings.md for the dates the seeds leave open). Pure: dates are computed for a year in
// Asia/Shanghai (UTC+8, no daylight saving), and shifted when the regulator chooses another testing window.

export const PHASE_KINDS = [
  'asset_census',
  'self_inspection',
  'testing',
  'rectification',
  'retest',
  'summary',
] as const
export type PhaseKind = (typeof PHASE_KINDS)[number]

export const PHASE_LABELS: Readonly<Record<PhaseKind, { zh: string; en: string }>> = {
  asset_census: { zh: '资产普查', en: 'Asset census' },
  self_inspection: { zh: '自查整改', en: 'Self-inspection' },
  testing: { zh: '集中检测', en: 'Testing window' },
  rectification: { zh: '通报整改', en: 'Rectification' },
  retest: { zh: '复测复查', en: 'Re-test' },
  summary: { zh: '复盘总结', en: 'Summary' },
}

/** A day of the year as `MM-DD`; a phase runs from 00:00 of `starts` to 24:00 of `ends`, Beijing time. */
type PhaseDays = { kind: PhaseKind; name: string; starts: string | null; ends: string; notes?: string }

export type CampaignTemplate = {
  id: string
  name: string
  /** Where the dates come from. */
  source: string
  unitStandardId: string
  teamStandardId: string
  phases: readonly PhaseDays[]
}

export const CAMPAIGN_TEMPLATES: readonly CampaignTemplate[] = [
  {
    id: 'wangan-2022-changzhou',
    name: '“网安”常州行动（seed 001 网安2022）',
    source: '常网办通〔2022〕11号',
    unitStandardId: 'changzhou-2022',
    teamStandardId: 'yixing-2021-teams',
    phases: [
      { kind: 'asset_census', name: '资产核查', starts: '05-09', ends: '05-15', notes: '在库互联网基础资产' },
      { kind: 'self_inspection', name: '自查整改', starts: '05-09', ends: '05-15' },
      {
        kind: 'testing',
        name: '远程技术检测',
        starts: '05-16',
        ends: '05-20',
        notes: '5月16日零时至5月20日24时，检测行为均通过安全监管平台进行',
      },
      { kind: 'rectification', name: '通报整改', starts: '05-16', ends: '05-27', notes: '边查边改' },
      { kind: 'retest', name: '复测', starts: '05-17', ends: '05-31', notes: '未完成修改的漏洞退回继续整改' },
      { kind: 'summary', name: '评分通报', starts: '06-01', ends: '06-30' },
    ],
  },
  {
    id: 'wangan-2021-yixing',
    name: '“网安”专项行动（seed 000 网安2021）',
    source: '“网安2021”网络安全保障专项行动的通知',
    unitStandardId: 'yixing-2021',
    teamStandardId: 'yixing-2021-teams',
    phases: [
      { kind: 'asset_census', name: '资产普查', starts: null, ends: '03-31' },
      {
        kind: 'self_inspection',
        name: '自查整改',
        starts: '04-01',
        ends: '04-20',
        notes: '4月30日前上报自查情况报告',
      },
      { kind: 'testing', name: '集中检查', starts: '04-21', ends: '04-25' },
      { kind: 'rectification', name: '通报整改', starts: '04-21', ends: '04-30' },
      { kind: 'retest', name: '复查', starts: '04-21', ends: '04-30' },
      {
        kind: 'summary',
        name: '复盘总结',
        starts: '07-01',
        ends: '07-31',
        notes: '6月25日前上报服务评价表和工作总结',
      },
    ],
  },
]

export function findTemplate(id: string): CampaignTemplate | undefined {
  return CAMPAIGN_TEMPLATES.find((t) => t.id === id)
}

const DAY = 86_400_000
const BEIJING_OFFSET = 8 * 3_600_000

/** 00:00 of `MM-DD` in `year`, Beijing time, as an instant. */
function beijingMidnight(year: number, monthDay: string): Date {
  const [month, day] = monthDay.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(year, month - 1, day) - BEIJING_OFFSET)
}

export type PlannedPhase = {
  kind: PhaseKind
  ordinal: number
  name: string
  startsAt: Date | null
  endsAt: Date
  notes: string | null
}

/**
 * The template's phases for `year`. With a testing window, every phase moves by the same amount as the testing
 * start (the seeds' spacing is kept) and the testing phase takes the window exactly.
 */
export function planPhases(
  template: CampaignTemplate,
  year: number,
  window?: { startsAt: Date; endsAt: Date },
): PlannedPhase[] {
  const testing = template.phases.find((p) => p.kind === 'testing')!
  const shift = window ? window.startsAt.getTime() - beijingMidnight(year, testing.starts!).getTime() : 0
  return template.phases.map((p, ordinal) => {
    if (p.kind === 'testing' && window)
      return {
        kind: p.kind,
        ordinal,
        name: p.name,
        startsAt: window.startsAt,
        endsAt: window.endsAt,
        notes: p.notes ?? null,
      }
    return {
      kind: p.kind,
      ordinal,
      name: p.name,
      startsAt: p.starts ? new Date(beijingMidnight(year, p.starts).getTime() + shift) : null,
      endsAt: new Date(beijingMidnight(year, p.ends).getTime() + DAY + shift),
      notes: p.notes ?? null,
    }
  })
}

export type PhaseState = 'upcoming' | 'open' | 'closed'

/** Where a phase stands at `now`: before its start, running until its deadline, or past it. */
export function phaseState(phase: { startsAt: Date | null; endsAt: Date }, now: Date): PhaseState {
  if (phase.startsAt && now.getTime() < phase.startsAt.getTime()) return 'upcoming'
  return now.getTime() < phase.endsAt.getTime() ? 'open' : 'closed'
}

/** Is `now` inside the testing window [startsAt, endsAt)? */
export function isInWindow(window: { testingStartsAt: Date; testingEndsAt: Date }, now: Date): boolean {
  return now.getTime() >= window.testingStartsAt.getTime() && now.getTime() < window.testingEndsAt.getTime()
}

/** The window as people read it: `2022-05-16 00:00 至 2022-05-21 00:00 (UTC+8)`. */
export function describeWindow(window: { testingStartsAt: Date; testingEndsAt: Date }): string {
  const show = (d: Date) =>
    new Date(d.getTime() + BEIJING_OFFSET).toISOString().slice(0, 16).replace('T', ' ')
  return `${show(window.testingStartsAt)} 至 ${show(window.testingEndsAt)} (UTC+8)`
}

// What the scoring functions read: a snapshot of one campaign, built by the server from its database or read by
// the CLI from a file (CONTRACTS `score`, `score-teams`). Shape, referential integrity and time order are checked
// here; checks that depend on the rule set (a severity for counted vulnerabilities, CVSS versions) in the scorers.
import { z } from 'zod'
import { ZFindingKind, ZFindingSeverity, ZFindingStatus } from './vocabulary'

const isoDateTimeWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** An ISO 8601 date-time with a UTC offset (a time without one is ambiguous across time zones). */
export const ZDateTime = z
  .string()
  .refine(
    (value) => isoDateTimeWithOffset.test(value) && !Number.isNaN(Date.parse(value)),
    'expected an ISO 8601 date-time with a UTC offset, e.g. 2022-05-16T10:00:00+08:00',
  )

const ZId = z.string().min(1, 'must not be empty')

export const ZUnitOrganisation = z.object({
  id: ZId,
  name: z.string().optional(),
  /** Internet assets known for the organisation at scoring time (reported + discovered). */
  assets: z.number().int().min(0),
  /** Filed a self-inspection report (自查情况报告) in the campaign; missing means not filed. */
  selfInspectionFiled: z.boolean().optional(),
})
export type TUnitOrganisation = z.infer<typeof ZUnitOrganisation>

export const ZUnitFinding = z.object({
  id: ZId,
  organisation: ZId,
  kind: ZFindingKind,
  severity: ZFindingSeverity.nullish(),
  status: ZFindingStatus,
  notifiedAt: ZDateTime.nullish(),
  /** Time of the rectification report that the re-test confirmed as fixed; null while not fixed. */
  fixedAt: ZDateTime.nullish(),
  notFixedRetests: z.number().int().min(0).default(0),
  /** Data leaks: number of personal-information records exposed. */
  records: z.number().int().min(0).nullish(),
  /** Data leaks: sensitive personal information (敏感个人信息) that identifies a natural person. */
  sensitive: z.boolean().nullish(),
  /** City or province check; both count. */
  source: z.enum(['city', 'province']).nullish(),
})
export type TUnitFinding = z.infer<typeof ZUnitFinding>

const ZParamOverrides = z.record(z.string(), z.unknown())

function checkUniqueIds(items: readonly { id: string }[], collection: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>()
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [collection, index, 'id'], message: `duplicate id "${item.id}"` })
    }
    seen.add(item.id)
  })
}

export const ZUnitSnapshot = z
  .object({
    standard: z.string().min(1),
    params: ZParamOverrides.optional(),
    organisations: z.array(ZUnitOrganisation),
    findings: z.array(ZUnitFinding).default([]),
  })
  .superRefine((snapshot, ctx) => {
    checkUniqueIds(snapshot.organisations, 'organisations', ctx)
    checkUniqueIds(snapshot.findings, 'findings', ctx)
    const organisations = new Set(snapshot.organisations.map((organisation) => organisation.id))
    snapshot.findings.forEach((finding, index) => {
      if (!organisations.has(finding.organisation)) {
        ctx.addIssue({
          code: 'custom',
          path: ['findings', index, 'organisation'],
          message: `unknown organisation "${finding.organisation}"`,
        })
      }
      if (
        finding.notifiedAt &&
        finding.fixedAt &&
        Date.parse(finding.fixedAt) < Date.parse(finding.notifiedAt)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['findings', index, 'fixedAt'],
          message: `${finding.fixedAt} is earlier than notifiedAt ${finding.notifiedAt}`,
        })
      }
    })
  })
export type TUnitSnapshot = z.infer<typeof ZUnitSnapshot>
export type TUnitSnapshotInput = z.input<typeof ZUnitSnapshot>

export const ZTeam = z
  .object({
    id: ZId,
    name: z.string().optional(),
    /** 10-minute slots inside the window with ≥ 1 in-scope request through the gateway. */
    activeSlots: z.number().int().min(0).default(0),
    /** Distinct in-scope assets the team sent traffic to. */
    assetsTested: z.number().int().min(0).default(0),
    /** Gateway requests classified as manual testing. */
    manualRequests: z.number().int().min(0).default(0),
    /** Overall scores (0–100) of the service evaluation forms (服务评价表) about the company. */
    evaluations: z.array(z.number().min(0).max(100)).default([]),
    /** Self-inspection clients of the company (自查服务对象). */
    clientsServed: z.number().int().min(0).default(0),
    /** Of those, clients in which the city or province action later found new vulnerabilities. */
    clientsWithNewVulns: z.number().int().min(0).default(0),
    /** Confirmed violations (gateway violations confirmed by a regulator plus those recorded by hand). */
    violations: z.number().int().min(0).default(0),
  })
  .superRefine((team, ctx) => {
    if (team.clientsWithNewVulns > team.clientsServed) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientsWithNewVulns'],
        message: `${team.clientsWithNewVulns} is more than clientsServed (${team.clientsServed})`,
      })
    }
  })
export type TTeam = z.infer<typeof ZTeam>

export const ZTeamFinding = z.object({
  id: ZId,
  team: ZId,
  status: ZFindingStatus,
  /** CVSS vector of the finding (v3.x for yixing-2021-teams); required for counted findings. */
  cvss: z.string().nullish(),
})
export type TTeamFinding = z.infer<typeof ZTeamFinding>

export const ZTeamSnapshot = z
  .object({
    standard: z.string().min(1),
    params: ZParamOverrides.optional(),
    teams: z.array(ZTeam),
    findings: z.array(ZTeamFinding).default([]),
  })
  .superRefine((snapshot, ctx) => {
    checkUniqueIds(snapshot.teams, 'teams', ctx)
    checkUniqueIds(snapshot.findings, 'findings', ctx)
    const teams = new Set(snapshot.teams.map((team) => team.id))
    snapshot.findings.forEach((finding, index) => {
      if (!teams.has(finding.team)) {
        ctx.addIssue({
          code: 'custom',
          path: ['findings', index, 'team'],
          message: `unknown team "${finding.team}"`,
        })
      }
    })
  })
export type TTeamSnapshot = z.infer<typeof ZTeamSnapshot>
export type TTeamSnapshotInput = z.input<typeof ZTeamSnapshot>

// Bad snapshots are refused with the path of the bad field, the way the CLI prints it.
import { describe, expect, it } from 'vitest'
import { ScoringInputError } from './scoring-error'
import { finding, notified, org } from './scoring-test-support'
import { scoreTeams } from './team-scoring'
import { scoreOrganisations } from './unit-scoring'

function issuesOf(run: () => unknown): string[] {
  try {
    run()
  } catch (error) {
    if (error instanceof ScoringInputError)
      return error.issues.map((issue) => `${issue.path}: ${issue.message}`)
    throw error
  }
  throw new Error('expected a ScoringInputError')
}

const standard = 'changzhou-2022'
const fourFindings = [
  finding('o1', 'vulnerability', { severity: 'high' }),
  finding('o1', 'vulnerability', { severity: 'high' }),
  finding('o1', 'vulnerability', { severity: 'high' }),
]

describe('ZUnitSnapshot errors name the field', () => {
  it('a malformed notification time: findings[3].notifiedAt', () => {
    const issues = issuesOf(() =>
      scoreOrganisations({
        standard,
        organisations: [org('o1', 1)],
        findings: [
          ...fourFindings,
          finding('o1', 'vulnerability', { severity: 'high', notifiedAt: '2022-05-16 10:00' }),
        ],
      }),
    )
    expect(issues).toEqual([
      expect.stringMatching(/^findings\[3\]\.notifiedAt: expected an ISO 8601 date-time/),
    ])
  })

  it.each([
    ['2022-05-16T10:00:00', false],
    ['2022-05-16', false],
    ['2022-13-16T10:00:00+08:00', false],
    ['2022-05-16T10:00+08:00', true],
    ['2022-05-16T02:00:00Z', true],
    ['2022-05-16T10:00:00.250+08:00', true],
  ])('time %s is accepted: %s', (time, accepted) => {
    const run = () =>
      scoreOrganisations({
        standard,
        organisations: [org('o1', 1)],
        findings: [finding('o1', 'intrusion_trace', { notifiedAt: time })],
      })
    if (accepted) expect(run).not.toThrow()
    else expect(run).toThrow(ScoringInputError)
  })

  it('missing, mistyped and out-of-range fields', () => {
    expect(
      issuesOf(() =>
        scoreOrganisations({
          standard,
          organisations: [
            { id: 'o1' },
            { id: '', assets: -1 },
            { id: 'o3', assets: 1.5, selfInspectionFiled: 'yes' },
          ],
          findings: [{ id: 'f1', organisation: 'o1', kind: 'virus', status: 'open', records: -3 }],
        }),
      ),
    ).toEqual([
      'organisations[0].assets: required (number)',
      'organisations[1].id: must not be empty',
      'organisations[1].assets: Too small: expected number to be >=0',
      'organisations[2].assets: Invalid input: expected int, received number',
      'organisations[2].selfInspectionFiled: Invalid input: expected boolean, received string',
      expect.stringMatching(/^findings\[0\]\.kind: Invalid option: expected one of "vulnerability"/),
      expect.stringMatching(/^findings\[0\]\.status: Invalid option/),
      'findings[0].records: Too small: expected number to be >=0',
    ])
  })

  it('references, duplicates and time order', () => {
    expect(
      issuesOf(() =>
        scoreOrganisations({
          standard,
          organisations: [org('o1', 1), org('o1', 2)],
          findings: [
            { id: 'f1', organisation: 'o9', kind: 'intrusion_trace', status: 'verified' },
            {
              id: 'f1',
              organisation: 'o1',
              kind: 'intrusion_trace',
              status: 'fixed',
              notifiedAt: notified,
              fixedAt: '2022-05-16T09:59:59+08:00',
            },
          ],
        }),
      ),
    ).toEqual([
      'organisations[1].id: duplicate id "o1"',
      'findings[1].id: duplicate id "f1"',
      'findings[0].organisation: unknown organisation "o9"',
      'findings[1].fixedAt: 2022-05-16T09:59:59+08:00 is earlier than notifiedAt 2022-05-16T10:00:00+08:00',
    ])
  })

  it('a counted vulnerability needs a severity; an ignored one does not', () => {
    expect(
      issuesOf(() =>
        scoreOrganisations({
          standard,
          organisations: [org('o1', 1)],
          findings: [
            { id: 'f1', organisation: 'o1', kind: 'vulnerability', status: 'rejected' },
            { id: 'f2', organisation: 'o1', kind: 'weak_password', status: 'verified' },
          ],
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^findings\[1\]\.severity: required for a counted weak_password finding/),
    ])
  })

  it('the standard must exist and score organisations', () => {
    expect(issuesOf(() => scoreOrganisations({ standard: 'wuxi-2020', organisations: [] }))).toEqual([
      'standard: unknown standard "wuxi-2020": expected one of changzhou-2022, yixing-2021, yixing-2021-teams',
    ])
    expect(issuesOf(() => scoreOrganisations({ standard: 'yixing-2021-teams', organisations: [] }))).toEqual([
      'standard: "yixing-2021-teams" scores teams, not organisations (score: changzhou-2022, yixing-2021)',
    ])
    expect(issuesOf(() => scoreOrganisations({ organisations: [] }))).toEqual(['standard: required (string)'])
    expect(issuesOf(() => scoreOrganisations(null))).toEqual([expect.stringMatching(/expected object/)])
  })

  it('params must be an object of declared parameters', () => {
    expect(
      issuesOf(() => scoreOrganisations({ standard, organisations: [], params: { highPoints: 'many' } })),
    ).toEqual(['params.highPoints: expected a number, got "many"'])
    expect(issuesOf(() => scoreOrganisations({ standard, organisations: [], params: [1] }))).toEqual([
      expect.stringMatching(/^params: /),
    ])
  })
})

describe('ZTeamSnapshot errors name the field', () => {
  it('measurements, evaluations and references', () => {
    expect(
      issuesOf(() =>
        scoreTeams({
          standard: 'yixing-2021-teams',
          teams: [
            { id: 't1', evaluations: [101], clientsServed: 2, clientsWithNewVulns: 3 },
            { id: 't2', activeSlots: -1, manualRequests: 'lots' },
          ],
          findings: [{ id: 'f1', team: 't9', status: 'verified', cvss: null }],
        }),
      ),
    ).toEqual([
      'teams[0].evaluations[0]: Too big: expected number to be <=100',
      'teams[0].clientsWithNewVulns: 3 is more than clientsServed (2)',
      'teams[1].activeSlots: Too small: expected number to be >=0',
      'teams[1].manualRequests: Invalid input: expected number, received string',
    ])
    // Cross-references are checked once every field has the right shape.
    expect(
      issuesOf(() =>
        scoreTeams({
          standard: 'yixing-2021-teams',
          teams: [{ id: 't1' }],
          findings: [{ id: 'f1', team: 't9', status: 'verified', cvss: null }],
        }),
      ),
    ).toEqual(['findings[0].team: unknown team "t9"'])
  })

  it('a unit standard cannot score teams', () => {
    expect(issuesOf(() => scoreTeams({ standard: 'changzhou-2022', teams: [] }))).toEqual([
      'standard: "changzhou-2022" scores organisations, not teams (score-teams: yixing-2021-teams)',
    ])
  })
})

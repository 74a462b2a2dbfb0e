// What-if: the same campaign recomputed under another standard, other parameters or a rule set pasted as JSON
// (next year's draft); the answer is compared row by row with the current scores and nothing is saved.
import { useMutation } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useText } from '../campaigns/use-text'
import { useCampaignScores, useTeamScores, type WhatIfRequest, type WhatIfResponse } from './scoring-api'
import { SCORING_TEXTS } from './scoring-texts'

const STANDARDS = {
  organisations: ['changzhou-2022', 'yixing-2021'],
  teams: ['yixing-2021-teams'],
} as const

type Row = WhatIfResponse['rows'][number]

export function WhatIfTab({ campaignId }: { campaignId: string }) {
  const x = useText(SCORING_TEXTS)
  const [subject, setSubject] = useState<'organisations' | 'teams'>('organisations')
  const units = useCampaignScores(campaignId)
  const teams = useTeamScores(campaignId)
  const current = subject === 'organisations' ? units.data?.standard : teams.data?.standard
  const [standardId, setStandardId] = useState<string | undefined>(undefined)
  const [params, setParams] = useState<Record<string, string>>({})
  const [ruleSet, setRuleSet] = useState('')
  const [jsonError, setJsonError] = useState(false)
  const run = useMutation({
    mutationFn: async (body: WhatIfRequest) =>
      unwrap(
        await api.POST('/api/v1/campaigns/{id}/scores/what-if', {
          params: { path: { id: campaignId } },
          body,
        }),
      ),
  })
  const chosen = standardId ?? current?.id
  const paramValues = chosen === current?.id ? (current?.params ?? {}) : {}
  const submit = () => {
    setJsonError(false)
    let parsedRuleSet: Record<string, unknown> | undefined
    if (ruleSet.trim()) {
      try {
        parsedRuleSet = JSON.parse(ruleSet) as Record<string, unknown>
      } catch {
        setJsonError(true)
        return
      }
    }
    const overrides: Record<string, string | number> = {}
    for (const [name, text] of Object.entries(params)) {
      if (text.trim() === '') continue
      const number = Number(text)
      overrides[name] =
        Number.isFinite(number) && text.trim() !== '' && typeof paramValues[name] === 'number'
          ? number
          : text.trim()
    }
    run.mutate({
      subject,
      ...(parsedRuleSet ? { ruleSet: parsedRuleSet } : { standardId: chosen }),
      ...(Object.keys(overrides).length ? { params: overrides } : {}),
    })
  }
  const result = run.data
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{x.whatIf.intro}</Typography.Paragraph>
      <Form layout="inline">
        <Form.Item label={x.whatIf.subject}>
          <Select
            style={{ width: 160 }}
            value={subject}
            onChange={(value) => {
              setSubject(value)
              setStandardId(undefined)
              setParams({})
            }}
            options={[
              { value: 'organisations', label: x.whatIf.organisations },
              { value: 'teams', label: x.whatIf.teams },
            ]}
          />
        </Form.Item>
        <Form.Item label={x.whatIf.standard}>
          <Select
            style={{ width: 200 }}
            data-testid="what-if-standard"
            value={chosen}
            onChange={(value) => {
              setStandardId(value)
              setParams({})
            }}
            options={STANDARDS[subject].map((id) => ({ value: id, label: id }))}
          />
        </Form.Item>
      </Form>
      {Object.keys(paramValues).length > 0 && (
        <Form layout="inline">
          {Object.entries(paramValues).map(([name, value]) => (
            <Form.Item key={name} label={name}>
              <Input
                style={{ width: 120 }}
                data-testid={`what-if-param-${name}`}
                placeholder={String(value)}
                value={params[name] ?? ''}
                onChange={(event) => setParams({ ...params, [name]: event.target.value })}
              />
            </Form.Item>
          ))}
        </Form>
      )}
      <Input.TextArea
        rows={4}
        placeholder={x.whatIf.ruleSet}
        value={ruleSet}
        onChange={(event) => setRuleSet(event.target.value)}
      />
      {jsonError && <Alert type="error" showIcon message={x.whatIf.badJson} />}
      <Button type="primary" onClick={submit} loading={run.isPending} data-testid="what-if-run">
        {x.whatIf.run}
      </Button>
      {run.isError && <Alert type="error" showIcon message={describeError(run.error)} />}
      {result && (
        <>
          <Typography.Text>
            {x.whatIf.before}: {result.current.id} → {x.whatIf.after}: {result.whatIf.id}{' '}
            <Tag>{x.whatIf.notSaved}</Tag>
          </Typography.Text>
          <Table<Row>
            rowKey="id"
            size="small"
            data-testid="what-if-result"
            dataSource={[...result.rows].sort((a, b) => a.after.rank - b.after.rank)}
            pagination={{ defaultPageSize: 100, pageSizeOptions: [50, 100, 500] }}
            columns={[
              { title: x.scores.organisation, dataIndex: 'name' },
              { title: `${x.whatIf.before} ${x.scores.rank}`, render: (_, r) => r.before.rank },
              {
                title: `${x.whatIf.before} ${x.scores.total}`,
                align: 'right',
                render: (_, r) => r.before.total,
              },
              { title: `${x.whatIf.after} ${x.scores.rank}`, render: (_, r) => r.after.rank },
              {
                title: `${x.whatIf.after} ${x.scores.total}`,
                align: 'right',
                render: (_, r) => <strong>{r.after.total}</strong>,
              },
              {
                title: x.whatIf.change,
                align: 'right',
                render: (_, r) => (
                  <Typography.Text
                    type={r.totalChange < 0 ? 'danger' : r.totalChange > 0 ? 'success' : undefined}
                  >
                    {r.totalChange > 0 ? `+${r.totalChange}` : r.totalChange}
                  </Typography.Text>
                ),
              },
              {
                title: x.whatIf.rankChange,
                render: (_, r) =>
                  r.rankChange > 0 ? `↑${r.rankChange}` : r.rankChange < 0 ? `↓${-r.rankChange}` : '—',
              },
            ]}
          />
        </>
      )}
    </Space>
  )
}

import { PlusOutlined, UserAddOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, Card, Form, Input, List, Modal, Popconfirm, Select, Space, Tag } from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { OneTimeSecret } from '../../components/one-time-secret'
import {
  useCampaignTargets,
  useCampaignTeams,
  useTestingCompanies,
  type CampaignDetail,
  type Team,
} from './campaign-api'
import { CAMPAIGN_TEXTS } from './campaign-texts'
import { useText } from './use-text'

/** 检测队: the campaign's teams, their members and assigned targets; the regulator manages them. */
export function CampaignTeams({ campaign }: { campaign: CampaignDetail }) {
  const x = useText(CAMPAIGN_TEXTS)
  const teams = useCampaignTeams(campaign.id)
  const companies = useTestingCompanies(campaign.canManage)
  const targets = useCampaignTargets(campaign.id)
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const [creating, setCreating] = useState(false)
  const [inviting, setInviting] = useState<Team | null>(null)
  const [assigning, setAssigning] = useState<Team | null>(null)
  const [password, setPassword] = useState<string | null>(null)
  const editable = campaign.canManage && campaign.status !== 'closed'
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['campaigns'] })
  const onError = (e: unknown) => void message.error(describeError(e))

  const createTeam = useMutation({
    mutationFn: async (values: { companyId: string; name: string }) =>
      unwrap(
        await api.POST('/api/v1/campaigns/{id}/teams', {
          params: { path: { id: campaign.id } },
          body: values,
        }),
      ),
    onSuccess: async () => {
      setCreating(false)
      await refresh()
    },
    onError,
  })
  const removeMember = useMutation({
    mutationFn: async ({ team, userId }: { team: Team; userId: string }) =>
      unwrap(
        await api.DELETE('/api/v1/teams/{id}/members/{userId}', {
          params: { path: { id: team.id, userId } },
        }),
      ),
    onSuccess: refresh,
    onError,
  })
  const assign = useMutation({
    mutationFn: async ({ team, ids }: { team: Team; ids: string[] }) =>
      unwrap(
        await api.PUT('/api/v1/teams/{id}/targets', {
          params: { path: { id: team.id } },
          body: { campaignTargetIds: ids, version: team.version },
        }),
      ),
    onSuccess: async () => {
      setAssigning(null)
      await refresh()
    },
    onError,
  })
  const targetName = (id: string) => targets.data?.find((t) => t.id === id)?.organisationName ?? id

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {editable && (
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="team-create">
          {x.teams.create}
        </Button>
      )}
      {(teams.data ?? []).map((team) => (
        <Card
          key={team.id}
          size="small"
          title={`${team.name} · ${team.companyName}`}
          data-testid={`team-${team.name}`}
          extra={
            editable && (
              <Space>
                <Button size="small" icon={<UserAddOutlined />} onClick={() => setInviting(team)}>
                  {x.teams.invite}
                </Button>
                <Button size="small" onClick={() => setAssigning(team)}>
                  {x.teams.assign}
                </Button>
              </Space>
            )
          }
        >
          <List
            size="small"
            dataSource={team.members}
            renderItem={(m) => (
              <List.Item
                actions={
                  editable && !m.isDisabled
                    ? [
                        <Popconfirm
                          key="remove"
                          title={`${x.teams.remove} ${m.displayName}?`}
                          onConfirm={() => removeMember.mutate({ team, userId: m.id })}
                        >
                          <Button size="small" type="link" danger>
                            {x.teams.remove}
                          </Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <Space>
                  <span>{m.displayName}</span>
                  <span style={{ color: '#888' }}>{m.username}</span>
                  <Tag color={m.role === 'team_lead' ? 'orange' : 'default'}>
                    {m.role === 'team_lead' ? x.teams.roleLead : x.teams.roleTester}
                  </Tag>
                  {team.leadUserId === m.id && <Tag color="gold">{x.teams.lead}</Tag>}
                  {m.isDisabled && <Tag>{x.teams.disabled}</Tag>}
                </Space>
              </List.Item>
            )}
          />
          <div style={{ marginTop: 8 }}>
            {x.teams.targets}：
            {team.campaignTargetIds.length
              ? team.campaignTargetIds.map((id) => <Tag key={id}>{targetName(id)}</Tag>)
              : x.targets.allTeams}
            <span style={{ marginLeft: 16 }}>
              {x.teams.findings}：{team.findingCount}
            </span>
          </div>
        </Card>
      ))}

      <Modal
        open={creating}
        title={x.teams.create}
        footer={null}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <Form
          layout="vertical"
          onFinish={(values: { companyId: string; name: string }) => createTeam.mutate(values)}
        >
          <Form.Item name="companyId" label={x.teams.company} rules={[{ required: true }]}>
            <Select
              data-testid="team-company"
              showSearch
              optionFilterProp="label"
              options={(companies.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item name="name" label={x.teams.name} rules={[{ required: true, whitespace: true }]}>
            <Input data-testid="team-name" maxLength={64} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={createTeam.isPending} data-testid="team-save">
            {x.common.save}
          </Button>
        </Form>
      </Modal>

      <InviteModal team={inviting} onClose={() => setInviting(null)} onInvited={(p) => setPassword(p)} />
      <Modal
        open={password !== null}
        title={x.teams.initialPassword}
        footer={null}
        onCancel={() => setPassword(null)}
      >
        {password && <OneTimeSecret value={password} testId="member-password" />}
      </Modal>

      <Modal
        open={assigning !== null}
        title={`${x.teams.assign} · ${assigning?.name ?? ''}`}
        onCancel={() => setAssigning(null)}
        footer={null}
        destroyOnHidden
      >
        {assigning && (
          <Form
            layout="vertical"
            initialValues={{ ids: assigning.campaignTargetIds }}
            onFinish={(values: { ids: string[] }) =>
              assign.mutate({ team: assigning, ids: values.ids ?? [] })
            }
          >
            <Form.Item name="ids" extra={x.teams.assignHint}>
              <Select
                mode="multiple"
                optionFilterProp="label"
                options={(targets.data ?? []).map((t) => ({ value: t.id, label: t.organisationName }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={assign.isPending}>
              {x.common.save}
            </Button>
          </Form>
        )}
      </Modal>
    </Space>
  )
}

type InviteValues = { username: string; displayName: string; role: 'tester' | 'team_lead'; mobile?: string }

function InviteModal({
  team,
  onClose,
  onInvited,
}: {
  team: Team | null
  onClose: () => void
  onInvited: (password: string) => void
}) {
  const x = useText(CAMPAIGN_TEXTS)
  const [form] = Form.useForm<InviteValues>()
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const invite = useMutation({
    mutationFn: async (values: InviteValues) =>
      unwrap(
        await api.POST('/api/v1/teams/{id}/members', {
          params: { path: { id: team!.id } },
          body: {
            username: values.username.trim(),
            displayName: values.displayName.trim(),
            role: values.role,
            ...(values.mobile?.trim() ? { mobile: values.mobile.trim() } : {}),
          },
        }),
      ),
    onMutate: () => setError(null),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] })
      form.resetFields()
      onClose()
      onInvited(result.initialPassword)
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setError(describeError(e))
    },
  })
  return (
    <Modal
      open={team !== null}
      title={`${x.teams.invite} · ${team?.name ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={invite.isPending}
      forceRender
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<InviteValues>
        form={form}
        layout="vertical"
        initialValues={{ role: 'tester' }}
        onFinish={(v) => invite.mutate(v)}
      >
        <Form.Item
          name="username"
          label={x.teams.username}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,31}$/ }]}
        >
          <Input autoComplete="off" data-testid="member-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={x.teams.displayName}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input data-testid="member-name" />
        </Form.Item>
        <Form.Item name="role" label={x.teams.role}>
          <Select
            options={[
              { value: 'tester', label: x.teams.roleTester },
              { value: 'team_lead', label: x.teams.roleLead },
            ]}
          />
        </Form.Item>
        <Form.Item name="mobile" label={x.teams.mobile} rules={[{ pattern: /^1[3-9]\d{9}$/ }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

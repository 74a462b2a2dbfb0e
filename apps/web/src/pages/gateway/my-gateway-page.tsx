import { DownloadOutlined, KeyOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../api/client'
import { ApiError, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { OneTimeSecret } from '../../components/one-time-secret'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../campaigns/use-text'
import { caUrl, useGatewayProfile, useMyTokens, type GatewayToken } from './gateway-api'
import { GATEWAY_TEXTS } from './gateway-texts'

/** 我的测试网关: a tester's token (shown once, rotated, revoked), the campaign window and how to point tools at it. */
export default function MyGatewayPage() {
  const x = useText(GATEWAY_TEXTS)
  const { message } = App.useApp()
  const { role } = useFullSession().user
  const profile = useGatewayProfile(true)
  const tokens = useMyTokens(profile.isSuccess)
  const queryClient = useQueryClient()
  const [secret, setSecret] = useState<string | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['gateway'] })
  const issue = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/gateway/tokens', { body: {} })),
    onSuccess: async (issued) => {
      setSecret(issued.token)
      await refresh()
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const rotate = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/gateway/tokens/{id}/rotate', { params: { path: { id } }, body: {} })),
    onSuccess: async (issued) => {
      setSecret(issued.token)
      await refresh()
    },
    onError: (e) => void message.error(describeError(e)),
  })
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/v1/gateway/tokens/{id}/revoke', { params: { path: { id } }, body: {} })),
    onSuccess: async () => {
      setSecret(null)
      await refresh()
    },
    onError: (e) => void message.error(describeError(e)),
  })
  if (profile.error)
    return (
      <Card title={x.me.title}>
        <Alert
          type={profile.error instanceof ApiError && profile.error.status === 404 ? 'info' : 'error'}
          showIcon
          message={
            profile.error instanceof ApiError && profile.error.status === 404
              ? x.me.noTeam
              : describeError(profile.error)
          }
        />
      </Card>
    )
  const p = profile.data
  const host = typeof window === 'undefined' ? '127.0.0.1' : window.location.hostname
  const token = p?.token
  const example = secret ?? '<token>'
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={x.me.title} loading={profile.isLoading}>
        {p && (
          <Space direction="vertical" style={{ width: '100%' }}>
            {p.paused && (
              <Alert type="error" showIcon message={x.me.paused} data-testid="gateway-me-paused" />
            )}
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={x.common.campaign}>{p.campaign.name}</Descriptions.Item>
              <Descriptions.Item label={x.me.window}>
                {formatDateTime(p.campaign.testingStartsAt)} – {formatDateTime(p.campaign.testingEndsAt)}
              </Descriptions.Item>
              <Descriptions.Item label={x.me.token}>
                {token ? (
                  <Space wrap>
                    <Typography.Text code>{token.hint}</Typography.Text>
                    <Typography.Text type="secondary">
                      {x.me.issuedAt} {formatDateTime(token.createdAt)}
                    </Typography.Text>
                    <Popconfirm title={x.me.rotateConfirm} onConfirm={() => rotate.mutate(token.id)}>
                      <Button
                        size="small"
                        icon={<ReloadOutlined />}
                        loading={rotate.isPending}
                        data-testid="gateway-rotate"
                      >
                        {x.me.rotate}
                      </Button>
                    </Popconfirm>
                    <Popconfirm title={x.me.revokeConfirm} onConfirm={() => revoke.mutate(token.id)}>
                      <Button
                        size="small"
                        danger
                        icon={<StopOutlined />}
                        loading={revoke.isPending}
                        data-testid="gateway-revoke"
                      >
                        {x.me.revoke}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : (
                  <Space>
                    <Typography.Text type="secondary">{x.me.noToken}</Typography.Text>
                    <Button
                      type="primary"
                      icon={<KeyOutlined />}
                      loading={issue.isPending}
                      onClick={() => issue.mutate()}
                      data-testid="gateway-issue"
                    >
                      {x.me.issue}
                    </Button>
                  </Space>
                )}
              </Descriptions.Item>
            </Descriptions>
            {secret && (
              <>
                <Alert type="success" showIcon message={x.me.shownOnce} />
                <OneTimeSecret value={secret} testId="gateway-token" />
              </>
            )}
          </Space>
        )}
      </Card>
      {p && (
        <Card
          title={x.me.howTo}
          extra={
            <Space>
              <Link to={`/gateway/traffic?campaignId=${p.campaign.id}`}>{x.monitor.traffic}</Link>
              {role === 'team_lead' && (
                <Link to={`/gateway/violations?campaignId=${p.campaign.id}`}>{x.monitor.violations}</Link>
              )}
            </Space>
          }
        >
          <Typography.Paragraph>{x.me.howToText}</Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={x.me.httpProxy}>
              <Typography.Text code copyable>
                {`curl -x http://tester:${example}@${host}:${p.endpoints.httpProxyPort} http://目标/`}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={x.me.socks}>
              <Typography.Text code copyable>
                {`curl --socks5-hostname tester:${example}@${host}:${p.endpoints.socksPort} http://目标/`}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {p.interception && (
            <Alert
              style={{ marginTop: 16 }}
              type="info"
              showIcon
              message={x.me.interception}
              action={
                <Button size="small" icon={<DownloadOutlined />} href={caUrl(p.campaign.id)}>
                  {x.me.downloadCa}
                </Button>
              }
            />
          )}
        </Card>
      )}
      {tokens.data && tokens.data.length > 0 && (
        <Card title={x.me.history}>
          <Table<GatewayToken>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={tokens.data}
            columns={[
              { title: x.me.hint, render: (_, t) => <Typography.Text code>{t.hint}</Typography.Text> },
              { title: x.me.issuedAt, render: (_, t) => formatDateTime(t.createdAt) },
              {
                title: '',
                render: (_, t) =>
                  t.revokedAt ? (
                    <Tag>
                      {x.me.revoked} {formatDateTime(t.revokedAt)} {t.revokeReason ?? ''}
                    </Tag>
                  ) : (
                    <Tag color="green">{x.me.live}</Tag>
                  ),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  )
}

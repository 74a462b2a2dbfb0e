import { AimOutlined, PlusOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Card, Form, Input, Select, Space } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { OrganisationSelect } from '../organisations/organisation-select'
import { AssetFormModal } from './asset-form-modal'
import { AssetTable } from './asset-table'
import { ExportButtons } from './export-buttons'
import { useAssets, type AssetQuery } from './registry-api'
import { fill, REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Filters = Pick<AssetQuery, 'q' | 'type' | 'status' | 'source' | 'organisationId'>

/** Who owns a target: the same matcher the findings and the gateway use, limited to what the caller may see. */
function MatchBox() {
  const text = useText(REGISTRY_TEXTS)
  const [target, setTarget] = useState('')
  const answer = useQuery({
    queryKey: ['registry', 'match', target],
    queryFn: async () => unwrap(await api.GET('/api/v1/assets/match', { params: { query: { target } } })),
    enabled: target !== '',
  })
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder={text.assets.matchPlaceholder}
        enterButton={<AimOutlined />}
        allowClear
        onSearch={(value) => setTarget(value.trim())}
        data-testid="asset-match-input"
      />
      {answer.error && <Alert type="error" showIcon message={describeError(answer.error)} />}
      {answer.data &&
        (answer.data.match ? (
          <Alert
            type="success"
            showIcon
            data-testid="asset-match-result"
            message={
              <Link to={`/assets/${answer.data.match.asset.id}`}>
                {fill(text.assets.matchFound, {
                  organisation: answer.data.match.asset.organisationName,
                  matched: answer.data.match.matched,
                  kind: text.matchKinds[answer.data.match.kind] ?? answer.data.match.kind,
                })}
              </Link>
            }
          />
        ) : (
          <Alert type="info" showIcon message={text.assets.matchNone} data-testid="asset-match-result" />
        ))}
    </Space>
  )
}

/** 互联网资产: search by any identifier, filter, export, register; the conflict list for regulators. */
export default function AssetsPage() {
  const text = useText(REGISTRY_TEXTS)
  const { user } = useFullSession()
  const navigate = useNavigate()
  const [form] = Form.useForm<Filters>()
  const [filters, setFilters] = useState<Filters>({})
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 })
  const [creating, setCreating] = useState(false)
  const assets = useAssets({ ...filters, ...paging })
  const canEdit = ['admin', 'regulator', 'org_liaison'].includes(user.role)
  const canSettle = user.role === 'admin' || user.role === 'regulator'

  const apply = (values: Filters) => {
    setFilters(
      Object.fromEntries(
        Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      ) as Filters,
    )
    setPaging((p) => ({ ...p, page: 1 }))
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={text.assets.matchTitle}>
        <MatchBox />
      </Card>
      <Card
        title={text.assets.title}
        extra={
          <Space wrap>
            {canSettle && (
              <Link to="/assets/conflicts">
                <Button icon={<WarningOutlined />} data-testid="open-conflicts">
                  {text.conflicts.title}
                </Button>
              </Link>
            )}
            <ExportButtons
              endpoint="/api/v1/assets/export"
              filters={filters}
              importKind={canEdit ? 'assets' : null}
            />
            {canEdit && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="asset-create"
              >
                {text.assets.create}
              </Button>
            )}
          </Space>
        }
      >
        <Form<Filters> form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item name="q">
            <Input
              placeholder={text.assets.search}
              allowClear
              style={{ width: 320 }}
              data-testid="asset-search"
            />
          </Form.Item>
          <Form.Item name="type">
            <Select
              allowClear
              placeholder={text.assets.type}
              style={{ width: 160 }}
              options={Object.entries(text.assetTypes).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="status">
            <Select
              allowClear
              placeholder={text.assets.status}
              style={{ width: 110 }}
              options={Object.entries(text.assetStatuses).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="source">
            <Select
              allowClear
              placeholder={text.assets.source}
              style={{ width: 130 }}
              options={Object.entries(text.assetSources).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="organisationId" style={{ width: 220 }}>
            <OrganisationSelect />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button
                type="primary"
                htmlType="submit"
                icon={<SearchOutlined />}
                data-testid="asset-search-submit"
              >
                {text.actions.search}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields()
                  apply({})
                }}
              >
                {text.actions.reset}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        <AssetTable
          assets={assets.data?.items ?? []}
          total={assets.data?.total ?? 0}
          loading={assets.isFetching}
          {...paging}
          onPage={(page, pageSize) => setPaging({ page, pageSize })}
        />
      </Card>
      <AssetFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(a) => navigate(`/assets/${a.id}`)}
      />
    </Space>
  )
}

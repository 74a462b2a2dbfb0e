import { PlusOutlined, SearchOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Select, Space, Table, Tabs, Tag, Tree } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router-dom'
import type { Organisation } from '../../api/types'
import { useFullSession } from '../../auth/session'
import { ORGANISATION_CATEGORIES } from '../organisations/organisation-categories'
import { RegionSelect } from '../regions/region-select'
import { regionTrail } from '../regions/region-tree'
import { useRegions } from '../regions/use-regions'
import { ExportButtons } from './export-buttons'
import { OrganisationFormModal } from './organisation-form-modal'
import { useOrganisations, useOrganisationTree, type OrganisationQuery, type TreeNode } from './registry-api'
import { fill, REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Filters = Pick<OrganisationQuery, 'q' | 'category' | 'regionId' | 'status' | 'isIndustryRegulator'>
type TreeItem = { key: string; title: string; children: TreeItem[] }

/** The flat, parents-first tree of the API as nested tree data. */
function nest(nodes: readonly TreeNode[], label: (n: TreeNode) => string): TreeItem[] {
  const items = new Map<string, TreeItem>()
  const roots: TreeItem[] = []
  for (const node of nodes) {
    const item: TreeItem = { key: node.id, title: label(node), children: [] }
    items.set(node.id, item)
    const parent = node.parentId ? items.get(node.parentId) : undefined
    if (parent) parent.children.push(item)
    else roots.push(item)
  }
  return roots
}

/** 单位: list with filters and export, the tree of subordinate units, and (for regulators) creating organisations. */
export default function OrganisationsRegistryPage() {
  const text = useText(REGISTRY_TEXTS)
  const { t } = useTranslation(['organisations', 'common', 'nav'])
  const { user } = useFullSession()
  const navigate = useNavigate()
  const [form] = Form.useForm<Filters>()
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [tab, setTab] = useState('list')
  const [creating, setCreating] = useState(false)
  const list = useOrganisations({ ...filters, page, pageSize })
  const tree = useOrganisationTree(tab === 'tree')
  const regions = useRegions()
  const canManage = user.role === 'admin' || user.role === 'regulator'
  const canImport = canManage
  const treeData = useMemo(
    () =>
      nest(
        tree.data ?? [],
        (n) => `${n.name}${n.status === 'inactive' ? `（${t('status.inactive')}）` : ''}`,
      ),
    [tree.data, t],
  )

  const applyFilters = (values: Filters) => {
    const cleaned = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    ) as Filters
    setFilters(cleaned)
    setPage(1)
  }

  return (
    <Card
      title={t('nav:organisations')}
      extra={
        <Space wrap>
          <ExportButtons
            endpoint="/api/v1/organisations/export"
            filters={filters}
            importKind={canImport ? 'organisations' : null}
          />
          {canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="organisation-create"
            >
              {text.organisations.create}
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'list',
            label: text.organisations.tabList,
            children: (
              <>
                <Form<Filters>
                  form={form}
                  layout="inline"
                  onFinish={applyFilters}
                  style={{ marginBottom: 16, rowGap: 8 }}
                >
                  <Form.Item name="q">
                    <Input placeholder={text.organisations.filterQ} allowClear style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name="category">
                    <Select
                      allowClear
                      placeholder={text.organisations.filterCategory}
                      style={{ width: 200 }}
                      options={ORGANISATION_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
                    />
                  </Form.Item>
                  {user.role !== 'org_liaison' && user.role !== 'org_leader' && (
                    <Form.Item name="regionId">
                      <RegionSelect placeholder={text.organisations.filterRegion} style={{ width: 200 }} />
                    </Form.Item>
                  )}
                  <Form.Item name="status">
                    <Select
                      allowClear
                      placeholder={text.organisations.filterStatus}
                      style={{ width: 120 }}
                      options={[
                        { value: 'active', label: t('status.active') },
                        { value: 'inactive', label: t('status.inactive') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name="isIndustryRegulator">
                    <Select
                      allowClear
                      placeholder={text.organisations.filterRegulator}
                      style={{ width: 160 }}
                      options={[
                        { value: 'true', label: text.common.yes },
                        { value: 'false', label: text.common.no },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item>
                    <Space>
                      <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                        {text.actions.search}
                      </Button>
                      <Button
                        onClick={() => {
                          form.resetFields()
                          applyFilters({})
                        }}
                      >
                        {text.actions.reset}
                      </Button>
                    </Space>
                  </Form.Item>
                </Form>
                <Table<Organisation>
                  rowKey="id"
                  loading={list.isFetching}
                  dataSource={list.data?.items ?? []}
                  pagination={{
                    current: page,
                    pageSize,
                    total: list.data?.total ?? 0,
                    showSizeChanger: true,
                    showTotal: (total) => fill(text.common.total, { total }),
                    onChange: (nextPage, nextSize) => {
                      setPage(nextPage)
                      setPageSize(nextSize)
                    },
                  }}
                  columns={[
                    {
                      title: text.organisations.name,
                      dataIndex: 'name',
                      render: (_, org) => <Link to={`/organisations/${org.id}`}>{org.name}</Link>,
                    },
                    { title: text.organisations.shortName, dataIndex: 'shortName' },
                    { title: text.organisations.creditCode, dataIndex: 'creditCode' },
                    {
                      title: text.organisations.category,
                      dataIndex: 'category',
                      render: (_, org) => t(`category.${org.category}`),
                    },
                    {
                      title: text.organisations.region,
                      dataIndex: 'regionId',
                      render: (_, org) => regionTrail(regions.data ?? [], org.regionId),
                    },
                    {
                      title: text.organisations.regulator,
                      dataIndex: 'isIndustryRegulator',
                      render: (_, org) =>
                        org.isIndustryRegulator ? <Tag color="blue">{text.common.yes}</Tag> : null,
                    },
                    {
                      title: text.organisations.status,
                      dataIndex: 'status',
                      render: (_, org) => (
                        <Tag color={org.status === 'active' ? 'green' : 'default'}>
                          {t(`status.${org.status}`)}
                        </Tag>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'tree',
            label: text.organisations.tabTree,
            children: (
              <Tree<TreeItem>
                key={treeData.length}
                treeData={treeData}
                defaultExpandAll
                showLine
                onSelect={(keys) => keys[0] && navigate(`/organisations/${String(keys[0])}`)}
                data-testid="organisation-tree"
              />
            ),
          },
        ]}
      />
      <OrganisationFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(saved) => navigate(`/organisations/${saved.id}`)}
      />
    </Card>
  )
}

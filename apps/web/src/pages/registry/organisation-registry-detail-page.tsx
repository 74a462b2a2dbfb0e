import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
} from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router-dom'
import { api } from '../../api/client'
import { describeError } from '../../api/errors'
import type { Organisation } from '../../api/types'
import { regionTrail } from '../regions/region-tree'
import { useRegions } from '../regions/use-regions'
import { AssetFormModal } from './asset-form-modal'
import { AssetTable } from './asset-table'
import { ContactFormModal } from './contact-form-modal'
import { ExportButtons } from './export-buttons'
import { HistoryTable } from './history-table'
import { OrganisationFormModal } from './organisation-form-modal'
import {
  REGISTRY_KEY,
  useAssets,
  useOrganisationDetail,
  useOrganisationHistory,
  useOrganisations,
  type Contact,
} from './registry-api'
import { REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

/** One organisation: its particulars, contacts (the liaison portal edits them), internet assets, subordinate units
 * and change history. */
export default function OrganisationRegistryDetailPage() {
  const text = useText(REGISTRY_TEXTS)
  const { t } = useTranslation(['organisations', 'common', 'nav'])
  const { id } = useParams()
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const organisation = useOrganisationDetail(id)
  const regions = useRegions()
  const [editing, setEditing] = useState(false)
  const [contact, setContact] = useState<Contact | null | undefined>(undefined)
  const [addingAsset, setAddingAsset] = useState(false)
  const [withSubordinates, setWithSubordinates] = useState(true)
  const [assetPage, setAssetPage] = useState({ page: 1, pageSize: 10 })
  const [historyPage, setHistoryPage] = useState(1)
  const assetQuery = {
    organisationId: id,
    includeSubordinates: withSubordinates ? ('true' as const) : ('false' as const),
    ...assetPage,
  }
  const assets = useAssets(assetQuery, Boolean(id))
  const subordinates = useOrganisations({ parentId: id, pageSize: 100 })
  const history = useOrganisationHistory(id, historyPage)

  const refresh = () => queryClient.invalidateQueries({ queryKey: REGISTRY_KEY })
  const setStatus = useMutation({
    mutationFn: async (to: 'deactivate' | 'reactivate') => {
      const request = {
        params: { path: { id: id ?? '' } },
        body: { version: organisation.data?.version ?? 0 },
      }
      return unwrap(
        to === 'deactivate'
          ? await api.POST('/api/v1/organisations/{id}/deactivate', request)
          : await api.POST('/api/v1/organisations/{id}/reactivate', request),
      )
    },
    onSuccess: refresh,
    onError: (error) => void message.error(describeError(error)),
  })
  const removeContact = useMutation({
    mutationFn: async (contactId: string) =>
      unwrap(
        await api.DELETE('/api/v1/organisations/{id}/contacts/{contactId}', {
          params: { path: { id: id ?? '', contactId } },
        }),
      ),
    onSuccess: refresh,
    onError: (error) => void message.error(describeError(error)),
  })

  const back = (
    <Link to="/organisations">
      <Button icon={<ArrowLeftOutlined />}>{t('backToList')}</Button>
    </Link>
  )
  if (organisation.isPending) return <Spin />
  if (organisation.error)
    return (
      <Space direction="vertical">
        <Alert type="error" showIcon message={describeError(organisation.error)} />
        {back}
      </Space>
    )
  const org = organisation.data

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {back}
      <Card
        title={
          <Space>
            {org.name}
            <Tag color={org.status === 'active' ? 'green' : 'default'}>{t(`status.${org.status}`)}</Tag>
          </Space>
        }
        extra={
          org.canEdit && (
            <Space>
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing(true)}
                data-testid="organisation-edit"
              >
                {text.actions.edit}
              </Button>
              {org.status === 'active' ? (
                <Popconfirm
                  title={text.organisations.confirmDeactivate}
                  onConfirm={() => setStatus.mutate('deactivate')}
                >
                  <Button danger loading={setStatus.isPending}>
                    {text.actions.deactivate}
                  </Button>
                </Popconfirm>
              ) : (
                <Button onClick={() => setStatus.mutate('reactivate')} loading={setStatus.isPending}>
                  {text.actions.reactivate}
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={text.organisations.shortName}>{org.shortName}</Descriptions.Item>
          <Descriptions.Item label={text.organisations.creditCode}>{org.creditCode}</Descriptions.Item>
          <Descriptions.Item label={text.organisations.category}>
            {t(`category.${org.category}`)}
          </Descriptions.Item>
          <Descriptions.Item label={text.organisations.regulator}>
            {org.isIndustryRegulator ? text.common.yes : text.common.no}
          </Descriptions.Item>
          <Descriptions.Item label={text.organisations.region}>
            {regionTrail(regions.data ?? [], org.regionId) || org.regionName}
          </Descriptions.Item>
          <Descriptions.Item label={text.organisations.parent}>
            {org.parentId ? (
              <Link to={`/organisations/${org.parentId}`}>{org.parentName ?? t('openParent')}</Link>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={text.organisations.address}>{org.address}</Descriptions.Item>
          <Descriptions.Item label={text.organisations.assets}>{org.assetCount}</Descriptions.Item>
          <Descriptions.Item label={text.organisations.notes} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{org.notes}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'contacts',
              label: text.organisations.contacts,
              children: (
                <>
                  {org.canEditContacts && (
                    <Button
                      icon={<PlusOutlined />}
                      style={{ marginBottom: 12 }}
                      onClick={() => setContact(null)}
                      data-testid="contact-add"
                    >
                      {text.contacts.add}
                    </Button>
                  )}
                  <Table<Contact>
                    rowKey="id"
                    pagination={false}
                    dataSource={org.contacts}
                    columns={[
                      {
                        title: text.contacts.kind,
                        dataIndex: 'kind',
                        render: (_, c) => t(`contacts.kinds.${c.kind}`),
                      },
                      { title: text.contacts.name, dataIndex: 'name' },
                      { title: text.contacts.mobile, dataIndex: 'mobile' },
                      { title: text.contacts.email, dataIndex: 'email' },
                      { title: text.contacts.phone, dataIndex: 'phone' },
                      ...(org.canEditContacts
                        ? [
                            {
                              title: text.common.action,
                              key: 'actions',
                              render: (_: unknown, c: Contact) => (
                                <Space>
                                  <Button size="small" onClick={() => setContact(c)}>
                                    {text.actions.edit}
                                  </Button>
                                  <Popconfirm
                                    title={text.contacts.confirmDelete}
                                    onConfirm={() => removeContact.mutate(c.id)}
                                  >
                                    <Button size="small" danger>
                                      {text.actions.delete}
                                    </Button>
                                  </Popconfirm>
                                </Space>
                              ),
                            },
                          ]
                        : []),
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'assets',
              label: `${text.organisations.assets} (${org.assetCount})`,
              children: (
                <>
                  <Space wrap style={{ marginBottom: 12 }}>
                    {org.canEditContacts && org.status === 'active' && (
                      <Button
                        icon={<PlusOutlined />}
                        onClick={() => setAddingAsset(true)}
                        data-testid="asset-add"
                      >
                        {text.assets.create}
                      </Button>
                    )}
                    <Checkbox
                      checked={withSubordinates}
                      onChange={(e) => setWithSubordinates(e.target.checked)}
                    >
                      {text.assets.includeSubordinates}
                    </Checkbox>
                    <ExportButtons
                      endpoint="/api/v1/assets/export"
                      filters={{
                        organisationId: id,
                        includeSubordinates: withSubordinates ? 'true' : 'false',
                      }}
                      importKind={org.canEditContacts ? 'assets' : null}
                    />
                  </Space>
                  <AssetTable
                    assets={assets.data?.items ?? []}
                    total={assets.data?.total ?? 0}
                    loading={assets.isFetching}
                    {...assetPage}
                    showOrganisation={withSubordinates}
                    onPage={(page, pageSize) => setAssetPage({ page, pageSize })}
                  />
                </>
              ),
            },
            {
              key: 'subordinates',
              label: `${text.organisations.subordinates} (${org.subordinateCount})`,
              children: (
                <Table<Organisation>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  loading={subordinates.isFetching}
                  dataSource={subordinates.data?.items ?? []}
                  columns={[
                    {
                      title: text.organisations.name,
                      dataIndex: 'name',
                      render: (_, o) => <Link to={`/organisations/${o.id}`}>{o.name}</Link>,
                    },
                    {
                      title: text.organisations.category,
                      dataIndex: 'category',
                      render: (_, o) => t(`category.${o.category}`),
                    },
                    {
                      title: text.organisations.status,
                      dataIndex: 'status',
                      render: (_, o) => t(`status.${o.status}`),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'history',
              label: text.common.history,
              children: (
                <HistoryTable
                  events={history.data?.items}
                  total={history.data?.total ?? 0}
                  page={historyPage}
                  loading={history.isFetching}
                  onPage={setHistoryPage}
                />
              ),
            },
          ]}
        />
      </Card>
      <OrganisationFormModal open={editing} organisation={org} onClose={() => setEditing(false)} />
      <ContactFormModal
        open={contact !== undefined}
        organisationId={org.id}
        contact={contact}
        onClose={() => setContact(undefined)}
      />
      <AssetFormModal open={addingAsset} organisationId={org.id} onClose={() => setAddingAsset(false)} />
    </Space>
  )
}

import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router-dom'
import { describeError } from '../../api/errors'
import type { OrganisationDetail } from '../../api/types'
import { regionTrail } from '../regions/region-tree'
import { useRegions } from '../regions/use-regions'
import { useOrganisation } from './use-organisations'

type Contact = OrganisationDetail['contacts'][number]

/** One organisation with its contacts (read-only; editing belongs to the registry module). */
export default function OrganisationDetailPage() {
  const { t } = useTranslation(['organisations', 'common', 'nav'])
  const { id } = useParams()
  const organisation = useOrganisation(id)
  const regions = useRegions()

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
      <Card title={org.name}>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('fields.shortName')}>{org.shortName}</Descriptions.Item>
          <Descriptions.Item label={t('fields.creditCode')}>{org.creditCode}</Descriptions.Item>
          <Descriptions.Item label={t('fields.category')}>{t(`category.${org.category}`)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.industryRegulator')}>
            {org.isIndustryRegulator ? t('common:yes') : t('common:no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.region')}>
            {regionTrail(regions.data ?? [], org.regionId)}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.status')}>
            <Tag color={org.status === 'active' ? 'green' : 'default'}>{t(`status.${org.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.parent')}>
            {org.parentId ? <Link to={`/organisations/${org.parentId}`}>{t('openParent')}</Link> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.address')}>{org.address}</Descriptions.Item>
          <Descriptions.Item label={t('fields.notes')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{org.notes}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('contacts.title')}>
        <Table<Contact>
          rowKey="id"
          pagination={false}
          dataSource={org.contacts}
          columns={[
            { title: t('contacts.kind'), dataIndex: 'kind', render: (_, c) => t(`contacts.kinds.${c.kind}`) },
            { title: t('contacts.name'), dataIndex: 'name' },
            { title: t('contacts.mobile'), dataIndex: 'mobile' },
            { title: t('contacts.email'), dataIndex: 'email' },
          ]}
        />
      </Card>
    </Space>
  )
}

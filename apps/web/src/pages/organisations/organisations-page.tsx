import { Card, Form, Input, Select, Table, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FilterActions } from '../../components/filter-actions'
import { Link } from 'react-router-dom'
import type { Organisation, OrganisationQuery } from '../../api/types'
import { useFullSession } from '../../auth/session'
import { RegionSelect } from '../regions/region-select'
import { regionTrail } from '../regions/region-tree'
import { useRegions } from '../regions/use-regions'
import { ORGANISATION_CATEGORIES } from './organisation-categories'
import { useOrganisationList } from './use-organisations'

type Filters = Pick<OrganisationQuery, 'q' | 'category' | 'regionId' | 'status' | 'isIndustryRegulator'>

/** 单位 — read-only list of the organisations the caller may see (the API applies the scope). */
export default function OrganisationsPage() {
  const { t } = useTranslation(['organisations', 'common', 'nav'])
  const { user } = useFullSession()
  const [form] = Form.useForm<Filters>()
  const [filters, setFilters] = useState<Filters>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const list = useOrganisationList({ ...filters, page, pageSize })
  const regions = useRegions()

  const applyFilters = (values: Filters) => {
    const cleaned = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    ) as Filters
    setFilters(cleaned)
    setPage(1)
  }

  return (
    <Card title={t('nav:organisations')}>
      <Form<Filters>
        form={form}
        layout="inline"
        onFinish={applyFilters}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input placeholder={t('filters.q')} allowClear style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="category">
          <Select
            allowClear
            placeholder={t('filters.category')}
            style={{ width: 200 }}
            options={ORGANISATION_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          />
        </Form.Item>
        {user.role !== 'org_liaison' && user.role !== 'org_leader' && (
          <Form.Item name="regionId">
            <RegionSelect placeholder={t('filters.region')} style={{ width: 200 }} />
          </Form.Item>
        )}
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('filters.status')}
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
            placeholder={t('filters.industryRegulator')}
            style={{ width: 160 }}
            options={[
              { value: 'true', label: t('common:yes') },
              { value: 'false', label: t('common:no') },
            ]}
          />
        </Form.Item>
        <FilterActions
          onReset={() => {
            form.resetFields()
            applyFilters({})
          }}
        />
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
          showTotal: (total) => t('common:table.total', { total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextPage)
            setPageSize(nextSize)
          },
        }}
        columns={[
          {
            title: t('fields.name'),
            dataIndex: 'name',
            render: (_, org) => <Link to={`/organisations/${org.id}`}>{org.name}</Link>,
          },
          { title: t('fields.shortName'), dataIndex: 'shortName' },
          { title: t('fields.creditCode'), dataIndex: 'creditCode' },
          {
            title: t('fields.category'),
            dataIndex: 'category',
            render: (_, org) => t(`category.${org.category}`),
          },
          {
            title: t('fields.region'),
            dataIndex: 'regionId',
            render: (_, org) => regionTrail(regions.data ?? [], org.regionId),
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            render: (_, org) => (
              <Tag color={org.status === 'active' ? 'green' : 'default'}>{t(`status.${org.status}`)}</Tag>
            ),
          },
        ]}
      />
    </Card>
  )
}

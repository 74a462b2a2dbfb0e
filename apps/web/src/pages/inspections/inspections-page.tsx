// 现场检查: the inspections the caller may see; the regulator opens one for an organisation and a year.
import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Button, Form, InputNumber, Modal, Select, Space, Table, Tag } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { formatDateTime } from '../../lib/date-time'
import { useText } from '../dengbao/use-text'
import { OrganisationSelect } from '../organisations/organisation-select'
import { useInspections, type InspectionSummary } from './inspections-api'
import { INSPECTION_TEXTS } from './inspections-texts'

export default function InspectionsPage() {
  const x = useText(INSPECTION_TEXTS)
  const { user } = useFullSession()
  const [year, setYear] = useState<number | undefined>()
  const [creating, setCreating] = useState(false)
  const inspections = useInspections(year)
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <InputNumber
          placeholder={x.list.year}
          min={2000}
          max={9999}
          value={year}
          onChange={(v) => setYear(v ?? undefined)}
          addonBefore={x.list.year}
        />
        {user.role === 'regulator' && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="inspection-create"
          >
            {x.list.create}
          </Button>
        )}
      </Space>
      <Table<InspectionSummary>
        rowKey="id"
        data-testid="inspections"
        loading={inspections.isPending}
        dataSource={inspections.data?.items ?? []}
        locale={{ emptyText: x.list.empty }}
        pagination={false}
        columns={[
          {
            title: x.list.organisation,
            dataIndex: 'organisationName',
            render: (name: string, i) => <Link to={`/inspections/${i.id}`}>{name}</Link>,
          },
          { title: x.list.year, dataIndex: 'year' },
          { title: x.list.template, dataIndex: 'templateId', render: (t: string) => x.templates[t] ?? t },
          {
            title: x.list.status,
            dataIndex: 'status',
            render: (s: string) => (
              <Tag color={s === 'signed_off' ? 'success' : 'processing'}>{x.status[s]}</Tag>
            ),
          },
          { title: x.list.total, dataIndex: 'total' },
          { title: x.list.answered, dataIndex: 'answeredCount' },
          { title: x.list.updated, dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
      {creating && <CreateModal onClose={() => setCreating(false)} />}
    </Space>
  )
}

type Values = {
  organisationId: string
  year: number
  templateId: 'onsite-inspection' | 'onsite-inspection-ics'
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const x = useText(INSPECTION_TEXTS)
  const [form] = Form.useForm<Values>()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const create = useMutation({
    mutationFn: async (v: Values) => unwrap(await api.POST('/api/v1/inspections', { body: v })),
    onSuccess: async (inspection) => {
      await queryClient.invalidateQueries({ queryKey: ['inspections'] })
      navigate(`/inspections/${inspection.id}`)
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  return (
    <Modal
      open
      title={x.create.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.create.submit}
      confirmLoading={create.isPending}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ year: dayjs().year(), templateId: 'onsite-inspection' }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item
          name="organisationId"
          label={x.list.organisation}
          rules={[{ required: true, message: x.create.required }]}
        >
          <OrganisationSelect testId="inspection-organisation" />
        </Form.Item>
        <Form.Item name="year" label={x.list.year} rules={[{ required: true }]}>
          <InputNumber min={2000} max={9999} />
        </Form.Item>
        <Form.Item name="templateId" label={x.list.template} rules={[{ required: true }]}>
          <Select options={Object.entries(x.templates).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

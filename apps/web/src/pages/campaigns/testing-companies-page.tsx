import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { Alert, Button, Card, Form, Input, Modal, Table } from 'antd'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { useTestingCompanies, type TestingCompany } from './campaign-api'
import { CAMPAIGN_TEXTS } from './campaign-texts'
import { useText } from './use-text'

type Values = { name: string; contactName?: string; contactPhone?: string; notes?: string }

/** 技术支撑机构名录 (seed 000 附件3): the companies the region's campaigns engage. */
export default function TestingCompaniesPage() {
  const x = useText(CAMPAIGN_TEXTS)
  const { user } = useFullSession()
  const companies = useTestingCompanies()
  const [editing, setEditing] = useState<TestingCompany | 'new' | null>(null)
  const canEdit = user.role === 'regulator'
  return (
    <Card
      title={x.companies.title}
      extra={
        canEdit && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="company-add"
          >
            {x.companies.add}
          </Button>
        )
      }
    >
      <Table<TestingCompany>
        rowKey="id"
        loading={companies.isFetching}
        dataSource={companies.data?.items ?? []}
        pagination={false}
        columns={[
          { title: '#', width: 50, render: (_, __, index) => index + 1 },
          { title: x.companies.name, dataIndex: 'name' },
          { title: x.companies.contactName, dataIndex: 'contactName' },
          { title: x.companies.contactPhone, dataIndex: 'contactPhone' },
          { title: x.companies.teams, dataIndex: 'teamCount', width: 110 },
          { title: x.companies.notes, dataIndex: 'notes' },
          ...(canEdit
            ? [
                {
                  title: '',
                  width: 80,
                  render: (_: unknown, c: TestingCompany) => (
                    <Button type="link" size="small" onClick={() => setEditing(c)}>
                      {x.companies.edit}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CompanyModal company={editing} onClose={() => setEditing(null)} />
    </Card>
  )
}

function CompanyModal({ company, onClose }: { company: TestingCompany | 'new' | null; onClose: () => void }) {
  const x = useText(CAMPAIGN_TEXTS)
  const [form] = Form.useForm<Values>()
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!company) return
    setError(null)
    form.resetFields()
    if (company !== 'new')
      form.setFieldsValue({
        name: company.name,
        contactName: company.contactName ?? '',
        contactPhone: company.contactPhone ?? '',
        notes: company.notes ?? '',
      })
  }, [company, form])
  const save = useMutation({
    mutationFn: async (values: Values) => {
      const body = {
        name: values.name.trim(),
        contactName: values.contactName?.trim() || null,
        contactPhone: values.contactPhone?.trim() || null,
        notes: values.notes?.trim() || null,
      }
      if (company && company !== 'new')
        return unwrap(
          await api.PATCH('/api/v1/testing-companies/{id}', {
            params: { path: { id: company.id } },
            body: { ...body, version: company.version },
          }),
        )
      return unwrap(await api.POST('/api/v1/testing-companies', { body }))
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['testing-companies'] })
      onClose()
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setError(describeError(e))
    },
  })
  return (
    <Modal
      open={company !== null}
      title={company === 'new' ? x.companies.add : x.companies.edit}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.common.save}
      cancelText={x.common.cancel}
      confirmLoading={save.isPending}
      forceRender
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={x.companies.name} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="company-name" />
        </Form.Item>
        <Form.Item name="contactName" label={x.companies.contactName}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="contactPhone" label={x.companies.contactPhone}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="notes" label={x.companies.notes}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

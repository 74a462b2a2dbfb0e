// 专家库 for the police: the experts a draw may choose from, and where each works (a draw never picks an expert for a
// system of their own organisation).
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Button, Form, Input, Modal, Table, Tag } from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { OrganisationSelect } from '../organisations/organisation-select'
import { useExperts, type Expert } from './dengbao-api'
import { DENGBAO_TEXTS } from './dengbao-texts'
import { useText } from './use-text'

export function ExpertsTab() {
  const x = useText(DENGBAO_TEXTS)
  const experts = useExperts(true)
  const [editing, setEditing] = useState<Expert | null>(null)
  return (
    <>
      <Table<Expert>
        rowKey="id"
        data-testid="dengbao-experts"
        loading={experts.isPending}
        dataSource={experts.data ?? []}
        pagination={false}
        columns={[
          {
            title: x.experts.name,
            dataIndex: 'displayName',
            render: (name: string, e) => (
              <>
                {name} {e.isDisabled && <Tag>{x.experts.disabled}</Tag>}
              </>
            ),
          },
          { title: x.experts.region, dataIndex: 'regionName' },
          {
            title: x.experts.organisation,
            dataIndex: 'organisationName',
            render: (v: string | null) => v ?? '—',
          },
          { title: x.experts.specialty, dataIndex: 'specialty', render: (v: string | null) => v ?? '—' },
          { title: x.experts.reviews, render: (_, e) => `${e.pendingReviews} / ${e.answeredReviews}` },
          {
            title: '',
            render: (_, e) => (
              <Button size="small" onClick={() => setEditing(e)}>
                {x.experts.edit}
              </Button>
            ),
          },
        ]}
      />
      {editing && <ExpertModal expert={editing} onClose={() => setEditing(null)} />}
    </>
  )
}

function ExpertModal({ expert, onClose }: { expert: Expert; onClose: () => void }) {
  const x = useText(DENGBAO_TEXTS)
  const [form] = Form.useForm<{ organisationId: string | null; specialty: string }>()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const save = useMutation({
    mutationFn: async (values: { organisationId: string | null; specialty: string }) =>
      unwrap(
        await api.PUT('/api/v1/dengbao/experts/{id}', {
          params: { path: { id: expert.id } },
          body: {
            version: expert.version,
            organisationId: values.organisationId ?? null,
            specialty: values.specialty?.trim() ? values.specialty.trim() : null,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao', 'experts'] })
      message.success(x.saved)
      onClose()
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) void message.error(describeError(e))
    },
  })
  return (
    <Modal
      open
      title={`${x.experts.title}：${expert.displayName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ organisationId: expert.organisationId, specialty: expert.specialty ?? '' }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="organisationId" label={x.experts.organisation}>
          <OrganisationSelect />
        </Form.Item>
        <Form.Item name="specialty" label={x.experts.specialty}>
          <Input maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

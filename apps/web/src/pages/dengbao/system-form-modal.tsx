// Register or edit an information system (定级对象).
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Form, Input, Modal, Select, Switch, type ButtonProps } from 'antd'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { useFullSession } from '../../auth/session'
import { OrganisationSelect } from '../organisations/organisation-select'
import type { SystemDetail } from './dengbao-api'
import { DENGBAO_TEXTS } from './dengbao-texts'
import { useText } from './use-text'

type Values = {
  organisationId: string
  name: string
  type: SystemDetail['type']
  description?: string
  isCriticalInfrastructure: boolean
  contactName?: string
  contactMobile?: string
  contactEmail?: string
}

export function SystemFormModal({ system, onClose }: { system?: SystemDetail; onClose: () => void }) {
  const x = useText(DENGBAO_TEXTS)
  const { user } = useFullSession()
  const [form] = Form.useForm<Values>()
  const queryClient = useQueryClient()
  const { message } = App.useApp()
  const contact = system?.contacts[0]
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const contacts = v.contactName?.trim()
        ? [
            {
              name: v.contactName.trim(),
              mobile: v.contactMobile?.trim() || null,
              email: v.contactEmail?.trim() || null,
              duty: null,
            },
          ]
        : []
      const fields = {
        name: v.name,
        type: v.type,
        description: v.description?.trim() ? v.description : null,
        isCriticalInfrastructure: v.isCriticalInfrastructure,
        contacts,
      }
      return system
        ? unwrap(
            await api.PATCH('/api/v1/dengbao/systems/{id}', {
              params: { path: { id: system.id } },
              body: { version: system.version, ...fields },
            }),
          )
        : unwrap(
            await api.POST('/api/v1/dengbao/systems', {
              body: { organisationId: v.organisationId, ...fields },
            }),
          )
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['dengbao'] })
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
      title={system ? x.form.editTitle : x.form.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={x.form.save}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'system-form-save' } as ButtonProps}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          organisationId: system?.organisationId ?? user.organisationId ?? undefined,
          name: system?.name,
          type: system?.type ?? 'traditional',
          description: system?.description ?? '',
          isCriticalInfrastructure: system?.isCriticalInfrastructure ?? false,
          contactName: contact?.name,
          contactMobile: contact?.mobile ?? undefined,
          contactEmail: contact?.email ?? undefined,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        {!system && (
          <Form.Item
            name="organisationId"
            label={x.form.organisation}
            rules={[{ required: true, message: x.form.required }]}
          >
            <OrganisationSelect testId="system-form-organisation" />
          </Form.Item>
        )}
        <Form.Item name="name" label={x.form.name} rules={[{ required: true, message: x.form.required }]}>
          <Input maxLength={128} data-testid="system-form-name" />
        </Form.Item>
        <Form.Item name="type" label={x.form.type} rules={[{ required: true }]}>
          <Select options={Object.entries(x.types).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="description" label={x.form.description}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="isCriticalInfrastructure" label={x.form.critical} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="contactName" label={x.form.contactName}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="contactMobile" label={x.form.contactMobile}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="contactEmail" label={x.form.contactEmail}>
          <Input maxLength={254} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

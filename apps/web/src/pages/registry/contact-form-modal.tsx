import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Form, Input, Modal, Select } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { REGISTRY_KEY, type Contact } from './registry-api'
import { REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Values = { kind: Contact['kind']; name: string; mobile?: string; email?: string; phone?: string }

type Props = { open: boolean; organisationId: string; contact?: Contact | null; onClose(): void }

const orNull = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null)

/** 联络员 / 单位负责人: added or edited by the regulator or the organisation's own liaison. */
export function ContactFormModal({ open, organisationId, contact, onClose }: Props) {
  const text = useText(REGISTRY_TEXTS)
  const { t } = useTranslation(['organisations'])
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<Values>()

  useEffect(() => {
    if (!open) return
    form.resetFields()
    if (contact)
      form.setFieldsValue({
        kind: contact.kind,
        name: contact.name,
        mobile: contact.mobile ?? undefined,
        email: contact.email ?? undefined,
        phone: contact.phone ?? undefined,
      })
  }, [open, contact, form])

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const fields = {
        name: values.name.trim(),
        mobile: orNull(values.mobile),
        email: orNull(values.email),
        phone: orNull(values.phone),
      }
      if (contact)
        return unwrap(
          await api.PATCH('/api/v1/organisations/{id}/contacts/{contactId}', {
            params: { path: { id: organisationId, contactId: contact.id } },
            body: { ...fields, version: contact.version },
          }),
        )
      return unwrap(
        await api.POST('/api/v1/organisations/{id}/contacts', {
          params: { path: { id: organisationId } },
          body: { kind: values.kind, ...fields },
        }),
      )
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: REGISTRY_KEY })
      void message.success(text.common.saved)
      onClose()
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
  })

  return (
    <Modal
      open={open}
      title={contact ? text.contacts.edit : text.contacts.add}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={text.actions.save}
      cancelText={text.actions.cancel}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'liaison' }}
        onFinish={(values) => save.mutate(values)}
        data-testid="contact-form"
      >
        <Form.Item name="kind" label={text.contacts.kind} rules={[{ required: true }]}>
          <Select
            disabled={Boolean(contact)}
            options={(['liaison', 'leader'] as const).map((k) => ({
              value: k,
              label: t(`contacts.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="name" label={text.contacts.name} rules={[{ required: true, max: 50 }]}>
          <Input data-testid="contact-name" />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={text.contacts.mobile}
          dependencies={['kind']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                getFieldValue('kind') === 'liaison' && !orNull(value)
                  ? Promise.reject(new Error(text.contacts.liaisonNeedsMobile))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input data-testid="contact-mobile" />
        </Form.Item>
        <Form.Item name="email" label={text.contacts.email}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={text.contacts.phone}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  )
}

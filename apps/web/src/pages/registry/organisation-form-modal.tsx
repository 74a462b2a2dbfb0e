import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import { App, Form, Input, Modal, Select, Switch } from 'antd'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import { ORGANISATION_CATEGORIES } from '../organisations/organisation-categories'
import { OrganisationSelect } from '../organisations/organisation-select'
import { RegionSelect } from '../regions/region-select'
import { REGISTRY_KEY, type CreateOrganisation, type OrganisationDetail } from './registry-api'
import { REGISTRY_TEXTS } from './registry-texts'
import { useText } from './use-text'

type Values = {
  name: string
  shortName?: string
  creditCode?: string
  category: CreateOrganisation['category']
  isIndustryRegulator?: boolean
  parentId?: string | null
  regionId: string
  address?: string
  notes?: string
  liaisonName?: string
  liaisonMobile?: string
  liaisonEmail?: string
}

type Props = {
  open: boolean
  /** Editing this organisation; creating a new one when absent. */
  organisation?: OrganisationDetail | null
  onClose(): void
  onSaved?(organisation: OrganisationDetail): void
}

const orNull = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null)

/** Create or edit an organisation; moving it under another parent moves its subordinate units too. */
export function OrganisationFormModal({ open, organisation, onClose, onSaved }: Props) {
  const text = useText(REGISTRY_TEXTS)
  const { t } = useTranslation(['organisations'])
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<Values>()
  const editing = Boolean(organisation)

  useEffect(() => {
    if (!open) return
    form.resetFields()
    if (organisation)
      form.setFieldsValue({
        name: organisation.name,
        shortName: organisation.shortName ?? undefined,
        creditCode: organisation.creditCode ?? undefined,
        category: organisation.category,
        isIndustryRegulator: organisation.isIndustryRegulator,
        parentId: organisation.parentId,
        regionId: organisation.regionId,
        address: organisation.address ?? undefined,
        notes: organisation.notes ?? undefined,
      })
  }, [open, organisation, form])

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const common = {
        name: values.name,
        shortName: orNull(values.shortName),
        creditCode: orNull(values.creditCode),
        category: values.category,
        isIndustryRegulator: values.isIndustryRegulator ?? false,
        parentId: values.parentId ?? null,
        regionId: values.regionId,
        address: orNull(values.address),
        notes: orNull(values.notes),
      }
      if (organisation)
        return unwrap(
          await api.PATCH('/api/v1/organisations/{id}', {
            params: { path: { id: organisation.id } },
            body: { ...common, version: organisation.version },
          }),
        )
      const liaison = orNull(values.liaisonName)
        ? [
            {
              kind: 'liaison' as const,
              name: values.liaisonName!.trim(),
              mobile: orNull(values.liaisonMobile),
              email: orNull(values.liaisonEmail),
            },
          ]
        : []
      return unwrap(await api.POST('/api/v1/organisations', { body: { ...common, contacts: liaison } }))
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: REGISTRY_KEY })
      await queryClient.invalidateQueries({ queryKey: ['organisations'] })
      void message.success(text.common.saved)
      onSaved?.(saved)
      onClose()
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(describeError(error))
    },
  })

  return (
    <Modal
      open={open}
      title={editing ? text.organisations.edit : text.organisations.create}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={text.actions.save}
      cancelText={text.actions.cancel}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        data-testid="organisation-form"
      >
        <Form.Item name="name" label={text.organisations.name} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input data-testid="organisation-name" />
        </Form.Item>
        <Form.Item name="shortName" label={text.organisations.shortName}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="creditCode" label={text.organisations.creditCode}>
          <Input maxLength={40} data-testid="organisation-credit-code" />
        </Form.Item>
        <Form.Item name="category" label={text.organisations.category} rules={[{ required: true }]}>
          <Select options={ORGANISATION_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="regionId" label={text.organisations.region} rules={[{ required: true }]}>
          <RegionSelect allowClear={false} />
        </Form.Item>
        <Form.Item
          name="parentId"
          label={text.organisations.parent}
          extra={editing ? text.organisations.movedHint : undefined}
        >
          <OrganisationSelect />
        </Form.Item>
        <Form.Item name="isIndustryRegulator" label={text.organisations.regulator} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="address" label={text.organisations.address}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="notes" label={text.organisations.notes}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {!editing && (
          <>
            <Form.Item name="liaisonName" label={`${t('contacts.kinds.liaison')} · ${text.contacts.name}`}>
              <Input />
            </Form.Item>
            <Form.Item
              name="liaisonMobile"
              label={`${t('contacts.kinds.liaison')} · ${text.contacts.mobile}`}
              dependencies={['liaisonName']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: string | undefined) =>
                    orNull(getFieldValue('liaisonName') as string | undefined) && !orNull(value)
                      ? Promise.reject(new Error(text.contacts.liaisonNeedsMobile))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="liaisonEmail" label={`${t('contacts.kinds.liaison')} · ${text.contacts.email}`}>
              <Input />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  )
}

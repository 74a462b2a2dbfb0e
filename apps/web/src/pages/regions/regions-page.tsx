import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { unwrap } from '@wangan/sdk'
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Tree,
} from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import { applyFieldErrors, describeError } from '../../api/errors'
import type { Region, RegionLevel } from '../../api/types'
import { buildRegionTree, childLevel, regionTrail, type RegionNode } from './region-tree'
import { REGIONS_QUERY_KEY, useRegions } from './use-regions'

type TreeItem = { key: string; title: string; children: TreeItem[] }
const toTreeItem = (node: RegionNode): TreeItem => ({
  key: node.id,
  title: node.code ? `${node.name}（${node.code}）` : node.name,
  children: node.children.map(toTreeItem),
})

type EditorState = { kind: 'create'; parent: Region | null } | { kind: 'rename'; region: Region } | null

type EditorValues = { name: string; code: string; level: RegionLevel }

function RegionEditor({
  state,
  onClose,
  onSaved,
}: {
  state: EditorState
  onClose: () => void
  onSaved: (r: Region) => void
}) {
  const { t } = useTranslation(['regions', 'common', 'nav'])
  const [form] = Form.useForm<EditorValues>()
  const [generalError, setGeneralError] = useState<string | null>(null)
  const fixedLevel = state?.kind === 'create' && state.parent ? childLevel(state.parent.level) : null

  useEffect(() => {
    if (!state) return
    setGeneralError(null)
    form.resetFields()
    if (state.kind === 'rename')
      form.setFieldsValue({
        name: state.region.name,
        code: state.region.code ?? '',
        level: state.region.level,
      })
    else form.setFieldsValue({ name: '', code: '', level: fixedLevel ?? 'city' })
  }, [state, form, fixedLevel])

  const save = useMutation({
    mutationFn: async (values: EditorValues) => {
      const code = values.code.trim() ? values.code.trim() : null
      if (state?.kind === 'rename')
        return unwrap(
          await api.PATCH('/api/v1/regions/{id}', {
            params: { path: { id: state.region.id } },
            body: { name: values.name.trim(), code, version: state.region.version },
          }),
        )
      return unwrap(
        await api.POST('/api/v1/regions', {
          body: {
            parentId: state?.kind === 'create' && state.parent ? state.parent.id : null,
            name: values.name.trim(),
            code,
            level: fixedLevel ?? values.level,
          },
        }),
      )
    },
    onMutate: () => setGeneralError(null),
    onSuccess: (region) => {
      onSaved(region)
      onClose()
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setGeneralError(describeError(error))
    },
  })

  const title =
    state?.kind === 'rename'
      ? t('rename.title', { name: state.region.name })
      : state?.kind === 'create' && state.parent
        ? t('create.childTitle', { name: state.parent.name })
        : t('create.rootTitle')
  return (
    <Modal
      open={state !== null}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={save.isPending}
      forceRender
    >
      {generalError && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={generalError} />}
      <Form<EditorValues> form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="name"
          label={t('fields.name')}
          rules={[{ required: true, whitespace: true, message: t('create.nameRequired') }]}
        >
          <Input data-testid="region-name" />
        </Form.Item>
        <Form.Item name="code" label={t('fields.code')} extra={t('create.codeHint')}>
          <Input />
        </Form.Item>
        {state?.kind === 'create' && (
          <Form.Item name="level" label={t('fields.level')}>
            <Select
              disabled={fixedLevel !== null}
              options={(fixedLevel ? [fixedLevel] : (['province', 'city'] as const)).map((level) => ({
                value: level,
                label: t(`levels.${level}`),
              }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}

/** 行政区划 — the region tree (province → city → district) that scopes regulators and organisations. */
export default function RegionsPage() {
  const { t } = useTranslation(['regions', 'common', 'nav'])
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const regions = useRegions()
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [editor, setEditor] = useState<EditorState>(null)
  // Controlled so that a region created under a collapsed parent shows up: its parent is expanded on save.
  const [expanded, setExpanded] = useState<string[] | null>(null)
  useEffect(() => {
    if (regions.data && expanded === null) setExpanded(regions.data.map((r) => r.id))
  }, [regions.data, expanded])
  const tree = useMemo(() => buildRegionTree(regions.data ?? []).map(toTreeItem), [regions.data])
  const selected = regions.data?.find((r) => r.id === selectedId) ?? null

  const refresh = () => queryClient.invalidateQueries({ queryKey: REGIONS_QUERY_KEY })
  const remove = useMutation({
    mutationFn: async (region: Region) =>
      unwrap(await api.DELETE('/api/v1/regions/{id}', { params: { path: { id: region.id } } })),
    onSuccess: async () => {
      void message.success(t('delete.done'))
      setSelectedId(null)
      await refresh()
    },
    onError: (error) => void message.error(describeError(error)),
  })

  const nextLevel = selected ? childLevel(selected.level) : null
  return (
    <Row gutter={16}>
      <Col xs={24} md={10}>
        <Card
          title={t('nav:regions')}
          extra={
            <Button
              icon={<PlusOutlined />}
              onClick={() => setEditor({ kind: 'create', parent: null })}
              data-testid="region-create-root"
            >
              {t('create.root')}
            </Button>
          }
        >
          {regions.isPending ? (
            <Spin />
          ) : tree.length === 0 ? (
            <Empty description={t('empty')} />
          ) : (
            <Tree
              treeData={tree}
              expandedKeys={expanded ?? []}
              onExpand={(keys) => setExpanded(keys.map(String))}
              selectedKeys={selectedId ? [selectedId] : []}
              // Clicking the selected region keeps it selected (antd would deselect it).
              onSelect={(_keys, info) => setSelectedId(String(info.node.key))}
              data-testid="region-tree"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={14}>
        <Card title={selected ? selected.name : t('detail.none')}>
          {selected ? (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Descriptions column={1} bordered size="small">
                <Descriptions.Item label={t('fields.name')}>{selected.name}</Descriptions.Item>
                <Descriptions.Item label={t('fields.code')}>{selected.code}</Descriptions.Item>
                <Descriptions.Item label={t('fields.level')}>
                  {t(`levels.${selected.level}`)}
                </Descriptions.Item>
                <Descriptions.Item label={t('fields.trail')}>
                  {regionTrail(regions.data ?? [], selected.id)}
                </Descriptions.Item>
              </Descriptions>
              <Space wrap>
                {nextLevel && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => setEditor({ kind: 'create', parent: selected })}
                  >
                    {t('create.child', { level: t(`levels.${nextLevel}`) })}
                  </Button>
                )}
                <Button
                  icon={<EditOutlined />}
                  onClick={() => setEditor({ kind: 'rename', region: selected })}
                >
                  {t('rename.button')}
                </Button>
                <Popconfirm
                  title={t('delete.confirm', { name: selected.name })}
                  description={t('delete.explanation')}
                  okText={t('common:actions.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common:actions.cancel')}
                  onConfirm={() => remove.mutateAsync(selected).catch(() => undefined)}
                >
                  <Button danger icon={<DeleteOutlined />}>
                    {t('common:actions.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            </Space>
          ) : (
            <Empty description={t('detail.pick')} />
          )}
        </Card>
      </Col>
      <RegionEditor
        state={editor}
        onClose={() => setEditor(null)}
        onSaved={(region) => {
          void message.success(t('saved'))
          if (region.parentId) setExpanded((keys) => [...new Set([...(keys ?? []), region.parentId!])])
          setSelectedId(region.id)
          void refresh()
        }}
      />
    </Row>
  )
}

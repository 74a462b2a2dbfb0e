import { CopyOutlined } from '@ant-design/icons'
import { Alert, Button, Input, Space, message } from 'antd'
import { useTranslation } from 'react-i18next'

type Props = { value: string; testId?: string }

/** A password or key shown once, with a copy button, and the warning that it will not be shown again. */
export function OneTimeSecret({ value, testId }: Props) {
  const { t } = useTranslation()
  const [messageApi, contextHolder] = message.useMessage()
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value)
      void messageApi.success(t('copied'))
    } catch {
      void messageApi.warning(t('copyFailed'))
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {contextHolder}
      <Alert type="warning" showIcon message={t('shownOnce')} />
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={value} data-testid={testId} style={{ fontFamily: 'monospace' }} />
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('actions.copy')}
        </Button>
      </Space.Compact>
    </Space>
  )
}

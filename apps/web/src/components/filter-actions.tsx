// The last item of a filter form: search (submits the form) and reset.
import { SearchOutlined } from '@ant-design/icons'
import { Button, Form, Space } from 'antd'
import { useTranslation } from 'react-i18next'

export function FilterActions({ onReset }: { onReset: () => void }) {
  const { t } = useTranslation('common')
  return (
    <Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('actions.search')}
        </Button>
        <Button onClick={onReset}>{t('actions.reset')}</Button>
      </Space>
    </Form.Item>
  )
}

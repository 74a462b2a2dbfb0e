import { Button, Result, Space } from 'antd'
import { Component, type ErrorInfo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

function PageErrorView({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation()
  return (
    <div data-testid="page-error">
      <Result
        status="error"
        title={t('pageError.title')}
        subTitle={error.message}
        extra={
          <Space>
            <Button type="primary" onClick={onRetry}>
              {t('pageError.retry')}
            </Button>
            {/* A page module that no longer exists on the server (after an upgrade) needs a fresh index.html. */}
            <Button onClick={() => window.location.reload()}>{t('pageError.reload')}</Button>
          </Space>
        }
      />
    </div>
  )
}

type Props = { children: ReactNode }
type State = { error: Error | null }

/**
 * Keeps one broken page (a rendering bug, a chunk that failed to load) from blanking the whole application: the
 * layout stays, the page shows what went wrong. Give it a `key` that changes with the location to reset it.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page crashed', error, info.componentStack)
  }

  override render() {
    if (this.state.error)
      return <PageErrorView error={this.state.error} onRetry={() => this.setState({ error: null })} />
    return this.props.children
  }
}

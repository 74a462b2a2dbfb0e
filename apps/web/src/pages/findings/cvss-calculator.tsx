// The CVSS calculator of the submission form: pick the base metrics (v3.1 or v4.0) or paste a vector; the base score
// and the severity band follow live, computed by the same rules the server uses (@wangan/rules/cvss over
// ae-cvss-calculator). A malformed vector is named by its bad metric, as the server would refuse it.
import { cvssMetrics, CvssError, parseCvss, scoreCvss, type CvssVersion } from '@wangan/rules/cvss'
import { Alert, Input, Radio, Segmented, Space, Statistic, Tag } from 'antd'
import { useMemo } from 'react'
import { useText } from '../campaigns/use-text'
import { FINDING_TEXTS, SEVERITY_COLOURS } from './finding-texts'

type Props = { value?: string; onChange?: (value: string) => void }

const DEFAULTS: Record<'3.1' | '4.0', string> = {
  '3.1': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N',
  '4.0': 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N',
}

/** What a vector gives: the score, or the reason it is refused. */
export function evaluateVector(vector: string) {
  if (!vector.trim()) return { kind: 'empty' as const }
  try {
    const parsed = parseCvss(vector.trim())
    const score = scoreCvss(vector.trim())
    return { kind: 'ok' as const, metrics: parsed.metrics, ...score }
  } catch (error) {
    if (error instanceof CvssError)
      return {
        kind: 'error' as const,
        message: error.metric ? `${error.message} (${error.metric})` : error.message,
      }
    return { kind: 'error' as const, message: String(error) }
  }
}

function withMetric(vector: string, version: CvssVersion, key: string, value: string): string {
  const parts = vector.split('/').slice(1)
  const metrics = new Map(parts.map((p) => p.split(':') as [string, string]))
  metrics.set(key, value)
  // Keep the specification's order so the vector reads as the calculator's.
  const order = cvssMetrics[version].map((m) => m.key)
  const keys = [...metrics.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b))
  return [`CVSS:${version}`, ...keys.map((k) => `${k}:${metrics.get(k)}`)].join('/')
}

export function CvssCalculator({ value = '', onChange }: Props) {
  const x = useText(FINDING_TEXTS)
  const result = useMemo(() => evaluateVector(value), [value])
  const version: '3.1' | '4.0' = value.startsWith('CVSS:4.0') ? '4.0' : '3.1'
  const metrics = result.kind === 'ok' ? result.metrics : {}
  const severity = result.kind === 'ok' ? (result.severity === 'none' ? 'low' : result.severity) : null
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="cvss-calculator">
      <Space wrap>
        <Segmented
          value={version}
          options={['3.1', '4.0']}
          onChange={(v) => onChange?.(DEFAULTS[v as '3.1' | '4.0'])}
          data-testid="cvss-version"
        />
        <Input
          value={value}
          onChange={(e) => onChange?.(e.target.value)}
          placeholder={DEFAULTS['3.1']}
          style={{ width: 520, fontFamily: 'monospace' }}
          data-testid="cvss-vector"
          allowClear
        />
        {result.kind === 'ok' && (
          <Space>
            <Statistic title={x.cvss.score} value={result.base.toFixed(1)} valueStyle={{ fontSize: 20 }} />
            <Tag color={SEVERITY_COLOURS[severity ?? 'low']} data-testid="cvss-severity">
              {x.severity[severity ?? 'low']}
            </Tag>
            <span data-testid="cvss-score" style={{ display: 'none' }}>
              {result.base.toFixed(1)}
            </span>
          </Space>
        )}
      </Space>
      {result.kind === 'error' && (
        <Alert
          type="error"
          showIcon
          message={`${x.cvss.invalid}: ${result.message}`}
          data-testid="cvss-error"
        />
      )}
      {(result.kind === 'ok' || result.kind === 'empty') && (
        <Space wrap size={[16, 4]}>
          {cvssMetrics[version]
            .filter((m) => m.mandatory)
            .map((m) => (
              <Space key={m.key} size={4}>
                <span title={m.name} style={{ display: 'inline-block', width: 28 }}>
                  {m.key}
                </span>
                <Radio.Group
                  size="small"
                  optionType="button"
                  value={metrics[m.key]}
                  options={m.values.map((v) => ({ value: v, label: v }))}
                  onChange={(e) =>
                    onChange?.(withMetric(value || DEFAULTS[version], version, m.key, String(e.target.value)))
                  }
                  data-testid={`cvss-metric-${m.key}`}
                />
              </Space>
            ))}
        </Space>
      )}
    </Space>
  )
}

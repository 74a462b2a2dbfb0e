// ECharts options of the campaign's charts, for the documents (rendered to PNG by reports/chart-image.ts). The web
// dashboard draws the same five charts from the same figures (apps/web/src/pages/dashboard-campaign).
import type { ChartOption } from '../../reports/chart-image'
import type { CampaignStatistics } from './campaign-statistics'

export const SEVERITY_LABELS = { critical: '超危', high: '高危', medium: '中危', low: '低危' } as const
export const SEVERITY_COLOURS = {
  critical: '#7f1d1d',
  high: '#dc2626',
  medium: '#f59e0b',
  low: '#3b82f6',
} as const
export const KIND_LABELS: Record<string, string> = {
  vulnerability: '漏洞',
  weak_password: '弱口令',
  intrusion_trace: '入侵痕迹',
  data_leak: '数据泄露',
  unreported_asset: '漏报/错报资产',
}

export function findingsOverTimeChart(stats: CampaignStatistics): ChartOption {
  return {
    title: { text: '每日发现的有效问题（按危害等级）', left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: stats.daily.map((d) => d.day) },
    yAxis: { type: 'value', minInterval: 1 },
    series: (Object.keys(SEVERITY_LABELS) as (keyof typeof SEVERITY_LABELS)[]).map((severity) => ({
      name: SEVERITY_LABELS[severity],
      type: 'bar',
      stack: 'severity',
      itemStyle: { color: SEVERITY_COLOURS[severity] },
      data: stats.daily.map((d) => d[severity]),
    })),
  }
}

export function funnelChart(stats: CampaignStatistics): ChartOption {
  const f = stats.funnel
  return {
    title: { text: '通报整改漏斗', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        top: 40,
        bottom: 10,
        sort: 'none',
        label: { formatter: '{b}：{c}' },
        data: [
          { name: '提交', value: f.submitted },
          { name: '核实', value: f.verified },
          { name: '通报', value: f.notified },
          { name: '提交整改报告', value: f.rectificationSubmitted },
          { name: '复测通过', value: f.fixed },
        ],
      },
    ],
  }
}

export function scoreDistributionChart(bands: { band: string; count: number }[]): ChartOption {
  return {
    title: { text: '得分分布', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: bands.map((b) => b.band), name: '分' },
    yAxis: { type: 'value', minInterval: 1, name: '单位数' },
    series: [{ type: 'bar', data: bands.map((b) => b.count), itemStyle: { color: '#2563eb' } }],
  }
}

export function rankingChart(rows: { name: string; total: number }[], title: string): ChartOption {
  const ordered = [...rows].reverse()
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 160, right: 40, top: 40, bottom: 20 },
    xAxis: { type: 'value', max: 100 },
    yAxis: { type: 'category', data: ordered.map((r) => r.name) },
    series: [
      {
        type: 'bar',
        data: ordered.map((r) => r.total),
        label: { show: true, position: 'right' },
        itemStyle: { color: '#16a34a' },
      },
    ],
  }
}

export function categoryChart(
  categories: { label: string; mean: number; best: number; worst: number }[],
): ChartOption {
  return {
    title: { text: '各类单位得分比较', left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    tooltip: { trigger: 'axis' },
    grid: { bottom: 70 },
    xAxis: { type: 'category', data: categories.map((c) => c.label), axisLabel: { interval: 0, rotate: 15 } },
    yAxis: { type: 'value', max: 100 },
    series: [
      { name: '平均分', type: 'bar', data: categories.map((c) => c.mean) },
      { name: '最高分', type: 'line', data: categories.map((c) => c.best) },
      { name: '最低分', type: 'line', data: categories.map((c) => c.worst) },
    ],
  }
}

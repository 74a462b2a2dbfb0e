// ECharts, tree-shaken: only the bar chart, its grid and tooltip, and the canvas renderer are bundled. Import path
// echarts-for-react/esm/core (the lib/core build crashes the bundled page).
import { BarChart as EChartsBar } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import ReactEChartsCore from 'echarts-for-react/esm/core'

echarts.use([EChartsBar, GridComponent, TooltipComponent, CanvasRenderer])

export type BarChartProps = {
  categories: readonly string[]
  values: readonly number[]
  seriesName: string
  height?: number
  testId?: string
}

export default function BarChart({ categories, values, seriesName, height = 300, testId }: BarChartProps) {
  // People who ask their system for less motion get a chart without the growing bars (and tests a stable picture).
  const reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false
  const option = {
    animation: !reducedMotion,
    textStyle: { fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" },
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: [...categories],
      axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: seriesName,
        data: [...values],
        barMaxWidth: 36,
        label: { show: true, position: 'top' },
      },
    ],
  }
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge lazyUpdate />
    </div>
  )
}

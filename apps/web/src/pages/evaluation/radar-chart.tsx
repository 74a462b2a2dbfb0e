// The radar of the first-level score rates (ECharts, tree-shaken: radar chart, tooltip, canvas renderer only; the
// esm/core build of echarts-for-react, as the shell's bar chart uses).
import { RadarChart as EChartsRadar } from 'echarts/charts'
import { RadarComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import ReactEChartsCore from 'echarts-for-react/esm/core'

echarts.use([EChartsRadar, RadarComponent, TooltipComponent, CanvasRenderer])

export type RadarChartProps = {
  indicators: readonly { name: string; max: number }[]
  values: readonly number[]
  seriesName: string
  height?: number
  testId?: string
}

export default function RadarChart({
  indicators,
  values,
  seriesName,
  height = 320,
  testId,
}: RadarChartProps) {
  const option = {
    textStyle: { fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" },
    tooltip: {},
    radar: { indicator: indicators.map((i) => ({ name: i.name, max: i.max })), radius: '65%' },
    series: [
      {
        type: 'radar',
        name: seriesName,
        data: [{ value: [...values], name: seriesName, areaStyle: { opacity: 0.25 } }],
        label: { show: true },
      },
    ],
  }
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge lazyUpdate />
    </div>
  )
}

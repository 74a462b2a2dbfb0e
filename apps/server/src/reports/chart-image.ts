// Charts for documents: ECharts rendered server-side to SVG (the same option objects the web dashboard uses), then
// rasterised to PNG with resvg so DOCX reports can embed them. Chinese text uses the system's Noto Sans CJK when present
// (Debian `fonts-noto-cjk`); without CJK fonts the PNG still renders, with missing glyphs, and the SVG stays available.
import { Resvg } from '@resvg/resvg-js'
import * as echarts from 'echarts'

export type ChartOption = echarts.EChartsCoreOption

export type ChartImage = { svg: string; png: Buffer; width: number; height: number }

export function renderChartSvg(
  option: ChartOption,
  size: { width: number; height: number } = { width: 640, height: 360 },
): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  })
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'Noto Sans CJK SC, sans-serif' },
      ...option,
    })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/** PNG at twice the layout size (crisp when printed). */
export function renderChartImage(
  option: ChartOption,
  size: { width: number; height: number } = { width: 640, height: 360 },
): ChartImage {
  const svg = renderChartSvg(option, size)
  const png = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
    fitTo: { mode: 'width', value: size.width * 2 },
    background: '#ffffff',
  })
    .render()
    .asPng()
  return { svg, png: Buffer.from(png), width: size.width, height: size.height }
}

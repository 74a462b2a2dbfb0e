// Child process of the registry benchmark: reads every row of the file with the same library and the same streaming
// options as the import, and does nothing else. Prints {"seconds","rows","peakRssMb"}.
import ExcelJS from 'exceljs'

const path = process.argv[2]!
const started = performance.now()
let rows = 0
let cells = 0
const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
  worksheets: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'ignore',
  entries: 'ignore',
})
for await (const worksheet of reader) {
  for await (const row of worksheet) {
    rows++
    cells += (row.values as unknown[]).length
  }
}
const seconds = (performance.now() - started) / 1000
console.log(
  JSON.stringify({ seconds, rows, cells, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
)

// Building blocks of the compliance reports (DOCX, docx 9): Chinese body text in 宋体 with Latin text in Times New
// Roman, headings in 黑体, plain tables with a shaded header row. Every text from users goes in as a text run, so it
// cannot become markup in the document.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx'

const BODY_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  cs: 'Times New Roman',
  eastAsia: 'SimSun',
}
const HEADING_FONT = { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial', eastAsia: 'SimHei' }

export function title(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [new TextRun({ text, bold: true, size: 36, font: HEADING_FONT })],
  })
}

export function heading(text: string, level: 1 | 2 = 1): Paragraph {
  return new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: level === 1 ? 28 : 24, font: HEADING_FONT })],
  })
}

export function paragraph(
  text: string,
  options: { bold?: boolean; italic?: boolean; size?: number } = {},
): Paragraph {
  return new Paragraph({
    spacing: { after: 80 },
    children: text.split('\n').map(
      (line, i) =>
        new TextRun({
          text: line,
          break: i > 0 ? 1 : 0,
          bold: options.bold ?? false,
          italics: options.italic ?? false,
          size: options.size ?? 21,
          font: BODY_FONT,
        }),
    ),
  })
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' }
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER }

function cell(
  text: string,
  options: { header?: boolean; width?: number; align?: 'left' | 'right' | 'center' },
) {
  return new TableCell({
    borders: BORDERS,
    ...(options.width !== undefined ? { width: { size: options.width, type: WidthType.PERCENTAGE } } : {}),
    ...(options.header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7EEF7' } } : {}),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          alignment:
            options.align === 'right'
              ? AlignmentType.RIGHT
              : options.align === 'center'
                ? AlignmentType.CENTER
                : AlignmentType.LEFT,
          children: [new TextRun({ text: line, bold: options.header ?? false, size: 18, font: BODY_FONT })],
        }),
    ),
  })
}

/** A table: header row, then the rows; `widths` in percent of the page width; numbers right-aligned. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  widths?: readonly number[],
): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: headers.map((h, i) => cell(h, { header: true, width: widths?.[i], align: 'center' })),
      }),
      ...rows.map(
        (row) =>
          new TableRow({
            children: row.map((value, i) =>
              cell(typeof value === 'number' ? formatPoints(value) : value, {
                width: widths?.[i],
                align: typeof value === 'number' ? 'right' : 'left',
              }),
            ),
          }),
      ),
    ],
  })
}

/** Points as the seeds print them: two decimals at most, no trailing zeros. */
export function formatPoints(value: number): string {
  return String(Math.round(value * 100) / 100)
}

/** Asia/Shanghai date and time of an instant, `2026-01-05 10:00`. */
export function shanghaiDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

export async function renderDocument(options: {
  title: string
  subject: string
  children: FileChild[]
}): Promise<Buffer> {
  const document = new Document({
    creator: 'Wangan 网安',
    title: options.title,
    subject: options.subject,
    styles: { default: { document: { run: { font: BODY_FONT, size: 21 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1200, bottom: 1200, left: 1100, right: 1100 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: `${options.title}  第 `, size: 16, font: BODY_FONT }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16, font: BODY_FONT }),
                  new TextRun({ text: ' 页', size: 16, font: BODY_FONT }),
                ],
              }),
            ],
          }),
        },
        children: options.children,
      },
    ],
  })
  return Packer.toBuffer(document)
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

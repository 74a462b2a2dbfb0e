// DOCX official documents (公文) laid out after GB/T 9704-2012: the issuing body's red masthead, the document number
// (发文字号), a red rule, the title, the addressee, the body in 仿宋 three-size type with two-character indents, tables
// and images, attachments, the signature and date. Word on government desktops has the fonts named here
// (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312); elsewhere the reader substitutes similar ones.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  Footer,
  type IParagraphOptions,
} from 'docx'

const FONT = { title: '方正小标宋简体', body: '仿宋_GB2312', heading1: '黑体', heading2: '楷体_GB2312' }
// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.
const SIZE = { masthead: 60, title: 44, body: 32, table: 24, small: 21 }
const RED = 'C00000'
const MM = 56.7 // twips per millimetre

export type DocumentBlock =
  | { kind: 'paragraph'; text: string; indent?: boolean }
  | { kind: 'heading'; level: 1 | 2; text: string }
  | {
      kind: 'table'
      columns: { title: string; width?: number }[]
      rows: (string | number | null)[][]
      caption?: string
    }
  | { kind: 'image'; png: Buffer; width: number; height: number; caption?: string }

export type OfficialDocument = {
  /** The issuing body (发文机关). */
  issuer: string
  /** Masthead text; defaults to “<issuer>文件”. */
  masthead?: string
  documentNumber: string
  title: string
  /** 主送机关, e.g. the notified organisation. */
  addressee?: string
  body: DocumentBlock[]
  attachments?: string[]
  /** 成文日期; shown in Asia/Shanghai as 2022年5月9日. */
  date: Date
  /** 印发机关 and 印发日期 at the foot of the last page. */
  printedBy?: { issuer: string; date: Date }
  /** Lines under the title such as 密级/紧急程度 are out of scope; a free note above the masthead is allowed. */
  note?: string
}

/** 2022年5月9日 in Asia/Shanghai (the date convention of Chinese official documents). */
export function chineseDate(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(date)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return `${get('year')}年${get('month')}月${get('day')}日`
}

const run = (text: string, options: { font?: string; size?: number; bold?: boolean; color?: string } = {}) =>
  new TextRun({
    text,
    font: options.font ?? FONT.body,
    size: options.size ?? SIZE.body,
    bold: options.bold,
    color: options.color,
  })

const bodyParagraph = (children: TextRun[], options: Partial<IParagraphOptions> = {}) =>
  new Paragraph({
    spacing: { line: 560, lineRule: LineRuleType.EXACT },
    ...options,
    children,
  })

function tableBlock(block: Extract<DocumentBlock, { kind: 'table' }>): (Paragraph | Table)[] {
  const cell = (text: string, header = false) =>
    new TableCell({
      verticalAlign: VerticalAlign.CENTER,
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [run(text, { size: SIZE.table, font: header ? FONT.heading1 : FONT.body })],
        }),
      ],
    })
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: block.columns.map((c) => cell(c.title, true)) }),
      ...block.rows.map(
        (row) =>
          new TableRow({
            children: row.map((value) => cell(value === null || value === undefined ? '' : String(value))),
          }),
      ),
    ],
  })
  const out: (Paragraph | Table)[] = []
  if (block.caption)
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [run(block.caption, { size: SIZE.table, font: FONT.heading1 })],
      }),
    )
  out.push(table)
  return out
}

function renderBlock(block: DocumentBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph':
      return block.text
        .split('\n')
        .map((line) =>
          bodyParagraph([run(line)], { indent: block.indent === false ? undefined : { firstLine: 640 } }),
        )
    case 'heading':
      return [
        bodyParagraph([run(block.text, { font: block.level === 1 ? FONT.heading1 : FONT.heading2 })], {
          indent: { firstLine: 640 },
        }),
      ]
    case 'table':
      return tableBlock(block)
    case 'image': {
      // Fit the page's text width (about 156 mm ≈ 590 px at 96 dpi).
      const width = Math.min(590, block.width)
      const height = Math.round((block.height * width) / block.width)
      const out = [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new ImageRun({ type: 'png', data: block.png, transformation: { width, height } })],
        }),
      ]
      if (block.caption)
        out.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [run(block.caption, { size: SIZE.table })],
          }),
        )
      return out
    }
  }
}

export async function renderOfficialDocument(doc: OfficialDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = []
  if (doc.note) children.push(new Paragraph({ children: [run(doc.note, { font: FONT.heading1 })] }))
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 400, after: 400 },
      children: [
        run(doc.masthead ?? `${doc.issuer}文件`, { font: FONT.title, size: SIZE.masthead, color: RED }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 8 } },
      spacing: { after: 480 },
      children: [run(doc.documentNumber)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 480, line: 700, lineRule: LineRuleType.EXACT },
      children: [run(doc.title, { font: FONT.title, size: SIZE.title })],
    }),
  )
  if (doc.addressee) children.push(bodyParagraph([run(`${doc.addressee}：`)]))
  for (const block of doc.body) children.push(...renderBlock(block))
  if (doc.attachments?.length) {
    children.push(bodyParagraph([run('')]))
    doc.attachments.forEach((name, i) =>
      children.push(
        bodyParagraph(
          [run(`${i === 0 ? '附件：' : '　　　'}${doc.attachments!.length > 1 ? `${i + 1}. ` : ''}${name}`)],
          { indent: { firstLine: 640 } },
        ),
      ),
    )
  }
  children.push(
    bodyParagraph([run('')]),
    bodyParagraph([run(doc.issuer)], { alignment: AlignmentType.RIGHT, indent: { right: 1280 } }),
    bodyParagraph([run(chineseDate(doc.date))], { alignment: AlignmentType.RIGHT, indent: { right: 1280 } }),
  )
  if (doc.printedBy) {
    children.push(
      new Paragraph({
        spacing: { before: 600 },
        border: {
          top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
          bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 },
        },
        children: [
          run(`${doc.printedBy.issuer}`, { size: 28 }),
          run(`\t${chineseDate(doc.printedBy.date)}印发`, { size: 28 }),
        ],
        tabStops: [{ type: 'right', position: 8800 }],
      }),
    )
  }
  const document = new Document({
    creator: 'Wangan 网安',
    title: doc.title,
    description: doc.documentNumber,
    styles: { default: { document: { run: { font: FONT.body, size: SIZE.body } } } },
    sections: [
      {
        properties: { page: { margin: { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: 28, font: 'SimSun' }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  })
  return Packer.toBuffer(document)
}

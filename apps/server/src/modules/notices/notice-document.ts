// The notice as an official document (通报, GB/T 9704 layout by reports/official-document.ts): number, title,
// addressee, the findings table with severity and location, the shell scripts to remove, the deadline and the
// requirements, the issuing body and the date. Rendered from the snapshot taken at issue, so it stays what was sent.
import type { NoticeFindingSnapshot } from '../../db/schema'
import { renderOfficialDocument, type DocumentBlock } from '../../reports/official-document'
import { beijingDateTime } from './notice-templates'

export const SEVERITY_LABELS: Readonly<Record<string, string>> = {
  critical: '超危',
  high: '高危',
  medium: '中危',
  low: '低危',
}

export const KIND_LABELS: Readonly<Record<string, string>> = {
  vulnerability: '漏洞',
  weak_password: '弱口令',
  intrusion_trace: '入侵痕迹',
  data_leak: '数据泄露',
  unreported_asset: '漏报/错报资产',
}

export type NoticeDocumentInput = {
  issuer: string
  documentNumber: string
  title: string
  organisationName: string
  campaignName: string
  platformName: string
  issuedAt: Date
  deadlineAt: Date
  noteMd: string
  findings: NoticeFindingSnapshot[]
}

export function noticeDocumentBlocks(input: NoticeDocumentInput): DocumentBlock[] {
  const shells = input.findings.flatMap((f, i) =>
    f.webshellPaths.map((path) => ({ index: i + 1, title: f.title, path })),
  )
  const blocks: DocumentBlock[] = [
    {
      kind: 'paragraph',
      text:
        `按照“${input.campaignName}”工作安排，经技术检测并核实，贵单位存在以下网络安全问题（共${input.findings.length}项），` +
        '现予以通报。请高度重视，立即组织整改。',
    },
    { kind: 'heading', level: 1, text: '一、发现的问题' },
    {
      kind: 'table',
      columns: [
        { title: '序号' },
        { title: '问题名称' },
        { title: '类型' },
        { title: '危害等级' },
        { title: '位置' },
        { title: '所属单位' },
      ],
      rows: input.findings.map((f, i) => [
        i + 1,
        f.title,
        KIND_LABELS[f.kind] ?? f.kind,
        `${SEVERITY_LABELS[f.severity] ?? f.severity}${f.cvssBase === null ? '' : `（CVSS ${f.cvssBase.toFixed(1)}）`}`,
        f.target,
        f.organisationName,
      ]),
    },
    { kind: 'heading', level: 1, text: '二、须删除清理的 shell 脚本' },
  ]
  if (shells.length)
    blocks.push(
      {
        kind: 'paragraph',
        text: '检测过程中攻击队上传的以下 shell 脚本须在整改中删除和清理：',
      },
      {
        kind: 'table',
        columns: [{ title: '问题序号' }, { title: '问题名称' }, { title: '脚本路径' }],
        rows: shells.map((s) => [s.index, s.title, s.path]),
      },
    )
  else blocks.push({ kind: 'paragraph', text: '本次通报的问题未涉及攻击队上传的 shell 脚本。' })
  blocks.push(
    { kind: 'heading', level: 1, text: '三、整改要求' },
    {
      kind: 'paragraph',
      text:
        `请于${beijingDateTime(input.deadlineAt)}前完成整改，形成漏洞整改修复报告（可附盖章扫描件），` +
        `通过“${input.platformName}”签收本通报并反馈整改情况。整改完成后将组织复测，未完成整改的将退回继续整改。`,
    },
  )
  const note = input.noteMd.trim()
  if (note) blocks.push({ kind: 'paragraph', text: note })
  return blocks
}

export function renderNoticeDocument(input: NoticeDocumentInput): Promise<Buffer> {
  return renderOfficialDocument({
    issuer: input.issuer,
    documentNumber: input.documentNumber,
    title: input.title,
    addressee: input.organisationName,
    body: noticeDocumentBlocks(input),
    date: input.issuedAt,
    printedBy: { issuer: input.issuer, date: input.issuedAt },
  })
}

// Message templates and document numbers: pure functions, no I/O. A template is text with `${name}` placeholders (the
// same syntax as Aliyun's own SMS templates); the variables a kind may use are fixed here, and a template naming any
// other is refused when it is saved, so a message can never go out with an unfilled placeholder.
import { MESSAGE_KINDS, type MessageKind } from '../delivery/message-kinds'

export type MessageTemplate = { sms: string; emailSubject: string; emailBody: string }
export type NoticeTemplates = Record<MessageKind, MessageTemplate>

const COMMON = [
  'organisation',
  'number',
  'title',
  'count',
  'deadline',
  'issuer',
  'platform',
  'url',
  'date',
] as const

/** The variables each kind of message may use, with a description for the template editor. */
export const TEMPLATE_VARIABLES: Readonly<Record<MessageKind, readonly string[]>> = {
  notice_issued: COMMON,
  escalation: [...COMMON, 'hours'],
  finding_returned: [...COMMON, 'finding', 'reason'],
  appeal_decided: [...COMMON, 'finding', 'decision'],
  // Not about a notice: no number, title or issuer of one.
  dengbao_reminder: ['organisation', 'system', 'obligation', 'dueDate', 'state', 'platform', 'url', 'date'],
}

export const VARIABLE_LABELS: Readonly<Record<string, string>> = {
  organisation: '单位名称',
  number: '通报文号',
  title: '通报标题',
  count: '问题数量',
  deadline: '整改期限',
  issuer: '发文机关',
  platform: '平台名称',
  url: '平台地址',
  date: '发文日期',
  hours: '已下发小时数',
  finding: '问题名称',
  reason: '退回理由',
  decision: '申诉处理结果',
  system: '系统名称',
  obligation: '等保事项',
  dueDate: '到期日期',
  state: '到期状态（还有N天到期 / 今日到期 / 已逾期N天）',
}

export const DEFAULT_TEMPLATES: NoticeTemplates = {
  notice_issued: {
    sms: '${organisation}：贵单位收到网络安全通报${number}，共${count}个问题，请于${deadline}前完成整改并通过${platform}反馈整改报告。',
    emailSubject: '网络安全通报 ${number}：${title}',
    emailBody:
      '${organisation}：\n\n${issuer}向贵单位下发网络安全通报（${number}），共${count}个问题，通报文件见附件。\n' +
      '请于${deadline}前完成整改，删除并清理通报中注明的 shell 脚本，并通过${platform}（${url}）签收通报、反馈整改报告。\n\n' +
      '${issuer}\n${date}',
  },
  escalation: {
    sms: '${organisation}负责人：网络安全通报${number}已下发${hours}小时仍未签收，请督促网络安全工作联络员及时签收并整改（期限${deadline}）。',
    emailSubject: '未签收提醒：网络安全通报 ${number}',
    emailBody:
      '${organisation}负责人：\n\n${issuer}于${date}下发的网络安全通报（${number}，${title}）已${hours}小时未签收。' +
      '请督促联络员通过${platform}签收，并于${deadline}前完成整改。\n\n${issuer}',
  },
  finding_returned: {
    sms: '${organisation}：通报${number}中的“${finding}”复测未通过，已退回继续整改。理由：${reason}',
    emailSubject: '复测未通过：${finding}（${number}）',
    emailBody:
      '${organisation}：\n\n网络安全通报（${number}）中的问题“${finding}”经复测未修复，现退回继续整改。\n理由：${reason}\n' +
      '请于${deadline}前完成整改，并通过${platform}重新提交整改报告。\n\n${issuer}',
  },
  appeal_decided: {
    sms: '${organisation}：您对通报${number}中“${finding}”的申诉已处理：${decision}。详情请登录${platform}查看。',
    emailSubject: '申诉处理结果：${finding}（${number}）',
    emailBody:
      '${organisation}：\n\n您对网络安全通报（${number}）中问题“${finding}”的申诉已处理：${decision}。\n\n${issuer}',
  },
  dengbao_reminder: {
    sms: '${organisation}：您单位“${system}”的等保${obligation}须于${dueDate}前完成，${state}，请登录${platform}办理。',
    emailSubject: '等保到期提醒：${system} ${obligation}（${state}）',
    emailBody:
      '${organisation}：\n\n按照网络安全等级保护工作要求，贵单位“${system}”的${obligation}须于${dueDate}前完成，' +
      '目前${state}。\n请及时办理，并通过${platform}（${url}）报送相关材料。已办理的请忽略本提醒。\n\n${platform}\n${date}',
  },
}

const PLACEHOLDER = /\$\{([A-Za-z]+)\}/g

/** Variable names in the order they first appear. */
export function variablesOf(template: string): string[] {
  const seen: string[] = []
  for (const match of template.matchAll(PLACEHOLDER)) if (!seen.includes(match[1]!)) seen.push(match[1]!)
  return seen
}

/** Problems with a template: unknown variables, a `$` that is not a placeholder. */
export function templateProblems(kind: MessageKind, template: string): string[] {
  const allowed = TEMPLATE_VARIABLES[kind]
  const problems = variablesOf(template)
    .filter((name) => !allowed.includes(name))
    .map((name) => `未知变量 \${${name}} (unknown variable ${name}; allowed: ${allowed.join(', ')})`)
  const stray = template.replace(PLACEHOLDER, '')
  if (/\$\{|\$\w/.test(stray)) problems.push('占位符格式应为 ${name} (placeholders are written ${name})')
  return problems
}

export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => values[name] ?? '')
}

/** The SMS as the providers get it: the text, and the variables in text order (Tencent numbers them {1}, {2}…). */
export function renderSms(template: string, values: Readonly<Record<string, string>>) {
  return {
    text: renderTemplate(template, values),
    params: variablesOf(template).map((name): [string, string] => [name, values[name] ?? '']),
  }
}

/** SMS segments (运营商计费条数): 70 characters in one message, 67 per part of a longer one. */
export function smsSegments(text: string): number {
  const length = [...text].length
  return length <= 70 ? 1 : Math.ceil(length / 67)
}

export function mergeTemplates(stored: unknown): NoticeTemplates {
  const out = structuredClone(DEFAULT_TEMPLATES)
  if (!stored || typeof stored !== 'object') return out
  for (const kind of MESSAGE_KINDS) {
    const t = (stored as Record<string, Partial<MessageTemplate> | undefined>)[kind]
    if (!t) continue
    if (typeof t.sms === 'string') out[kind].sms = t.sms
    if (typeof t.emailSubject === 'string') out[kind].emailSubject = t.emailSubject
    if (typeof t.emailBody === 'string') out[kind].emailBody = t.emailBody
  }
  return out
}

/** `常网安通〔{year}〕{n}号` → `常网安通〔2022〕11号`. */
export function formatDocumentNumber(pattern: string, year: number, n: number): string {
  return pattern.replace(/\{year\}/g, String(year)).replace(/\{n\}/g, String(n))
}

export function numberPatternProblems(pattern: string): string[] {
  const problems: string[] = []
  if (!pattern.includes('{n}')) problems.push('须含序号占位符 {n} (the pattern needs {n})')
  if (/\{(?!year\}|n\})[^}]*\}/.test(pattern))
    problems.push('只能使用 {year} 和 {n} (only {year} and {n} are allowed)')
  return problems
}

/** The Beijing calendar year of an instant (document numbers count per year). */
export function beijingYear(date: Date): number {
  return new Date(date.getTime() + 8 * 3600_000).getUTCFullYear()
}

/** 2022年5月19日 18:00 (Asia/Shanghai). */
export function beijingDateTime(date: Date): string {
  const d = new Date(date.getTime() + 8 * 3600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** The seed's brackets of time since the notice was issued (rectification deductions: 24 / 48 / 72 hours). */
export type Bracket = 'within24h' | 'within48h' | 'within72h' | 'later'
export function bracketOf(hours: number): Bracket {
  if (hours <= 24) return 'within24h'
  if (hours <= 48) return 'within48h'
  if (hours <= 72) return 'within72h'
  return 'later'
}

// The kinds of message the platform sends: the notice loop's, and the 等保 deadline reminders (seed 003). Each has a
// text per region (notice templates) and, for the cloud SMS providers, a template registered with the provider
// (Aliyun TemplateCode, Tencent TemplateId) named per kind.
export const MESSAGE_KINDS = [
  'notice_issued',
  'escalation',
  'finding_returned',
  'appeal_decided',
  'dengbao_reminder',
] as const
export type MessageKind = (typeof MESSAGE_KINDS)[number]

export const MESSAGE_KIND_LABELS: Readonly<Record<MessageKind, string>> = {
  notice_issued: '通报下发',
  escalation: '未签收升级',
  finding_returned: '复测未通过退回',
  appeal_decided: '申诉处理结果',
  dengbao_reminder: '等保到期提醒',
}

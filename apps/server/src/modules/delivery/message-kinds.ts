// The kinds of message the notice loop sends. Each has a text per region (notice templates) and, for the cloud SMS
// providers, a template registered with the provider (Aliyun TemplateCode, Tencent TemplateId) named per kind.
export const MESSAGE_KINDS = ['notice_issued', 'escalation', 'finding_returned', 'appeal_decided'] as const
export type MessageKind = (typeof MESSAGE_KINDS)[number]

export const MESSAGE_KIND_LABELS: Readonly<Record<MessageKind, string>> = {
  notice_issued: '通报下发',
  escalation: '未签收升级',
  finding_returned: '复测未通过退回',
  appeal_decided: '申诉处理结果',
}

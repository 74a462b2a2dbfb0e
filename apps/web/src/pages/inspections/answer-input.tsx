// The answer form of one checklist item, by the kind of its scoring rule (seed 004): yes/no, all of, any of, one of,
// the elements present, done or planned, a measured number, counts from a scan, a password policy.
import { Checkbox, InputNumber, Radio, Space, Typography } from 'antd'
import type { Rule } from './inspections-api'
import { INSPECTION_TEXTS } from './inspections-texts'
import { useText } from '../dengbao/use-text'

type Props = {
  rule: Rule
  value: unknown
  disabled: boolean
  onChange: (value: unknown) => void
  testId: string
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

export function AnswerInput({ rule, value, disabled, onChange, testId }: Props) {
  const x = useText(INSPECTION_TEXTS)
  switch (rule.kind) {
    case 'yes-no':
      return (
        <Radio.Group
          disabled={disabled}
          value={typeof value === 'boolean' ? value : undefined}
          onChange={(e) => onChange(e.target.value as boolean)}
          data-testid={testId}
          options={[
            { value: true, label: rule.yes === '是' ? x.answers.yes : `${x.answers.yes}（${rule.yes}）` },
            { value: false, label: rule.no === '否' ? x.answers.no : `${x.answers.no}（${rule.no}）` },
          ]}
        />
      )
    case 'all-of': {
      const current = asRecord(value)
      return (
        <Space direction="vertical" data-testid={testId}>
          {rule.conditions.map((c) => (
            <Checkbox
              key={c.id}
              disabled={disabled}
              checked={current[c.id] === true}
              onChange={(e) =>
                onChange(
                  Object.fromEntries(
                    rule.conditions.map((k) => [
                      k.id,
                      k.id === c.id ? e.target.checked : current[k.id] === true,
                    ]),
                  ),
                )
              }
            >
              {c.label}
            </Checkbox>
          ))}
        </Space>
      )
    }
    case 'any-of': {
      const exclusive = new Set(rule.options.filter((o) => o.isExclusive).map((o) => o.id))
      return (
        <Checkbox.Group
          disabled={disabled}
          value={asList(value)}
          data-testid={testId}
          options={rule.options.map((o) => ({ value: o.id, label: o.label }))}
          onChange={(next) => {
            const list = next.map(String)
            const added = list.find((id) => !asList(value).includes(id))
            // an exclusive option (无措施) stands alone
            if (added && exclusive.has(added)) onChange([added])
            else onChange(list.filter((id) => !exclusive.has(id) || list.length === 1))
          }}
        />
      )
    }
    case 'single-choice':
      return (
        <Radio.Group
          disabled={disabled}
          value={typeof value === 'string' ? value : undefined}
          onChange={(e) => onChange(e.target.value as string)}
          options={rule.options.map((o) => ({ value: o.id, label: o.label }))}
          data-testid={testId}
        />
      )
    case 'deduct-per-missing':
      return (
        <Checkbox.Group
          disabled={disabled}
          value={asList(value)}
          onChange={(next) => onChange(next.map(String))}
          options={rule.elements.map((e) => ({ value: e.id, label: e.label }))}
          data-testid={testId}
        />
      )
    case 'credit-per-element': {
      if (!rule.outsourcing)
        return (
          <Checkbox.Group
            disabled={disabled}
            value={asList(value)}
            onChange={(next) => onChange(next.map(String))}
            options={rule.elements.map((e) => ({ value: e.id, label: `${e.label}（${e.points}分）` }))}
            data-testid={testId}
          />
        )
      const current = asRecord(value)
      const present = asList(current.present)
      const failed = asList(asRecord(current.outsourcing).failed)
      const emit = (p: string[], f: string[]) =>
        onChange({ present: p, ...(f.length ? { outsourcing: { failed: f } } : {}) })
      return (
        <Space direction="vertical" data-testid={testId}>
          <Checkbox.Group
            disabled={disabled}
            value={present}
            onChange={(next) => emit(next.map(String), failed)}
            options={rule.elements.map((e) => ({ value: e.id, label: `${e.label}（${e.points}分）` }))}
          />
          <Typography.Text type="secondary">{x.answers.outsourcingFailed}</Typography.Text>
          <Checkbox.Group
            disabled={disabled}
            value={failed}
            onChange={(next) => emit(present, next.map(String))}
            options={rule.outsourcing.conditions.map((c) => ({ value: c.id, label: c.label }))}
          />
        </Space>
      )
    }
    case 'done-or-plan':
      return (
        <Radio.Group
          disabled={disabled}
          value={typeof value === 'string' ? value : undefined}
          onChange={(e) => onChange(e.target.value as string)}
          data-testid={testId}
          options={[
            { value: 'done', label: x.answers.done },
            { value: 'work_plan', label: x.answers.workPlan },
            { value: 'not_done', label: x.answers.notDone },
          ]}
        />
      )
    case 'numeric-bands': {
      const isNone = value === null
      return (
        <Space wrap data-testid={testId}>
          <InputNumber
            disabled={disabled || isNone}
            min={rule.range.min}
            max={rule.range.max}
            precision={rule.isInteger ? 0 : undefined}
            value={typeof value === 'number' ? value : null}
            addonBefore={rule.quantity}
            addonAfter={rule.unit}
            onChange={(v) => {
              if (typeof v === 'number') onChange(v)
            }}
          />
          <Checkbox
            disabled={disabled}
            checked={isNone}
            onChange={(e) => onChange(e.target.checked ? null : undefined)}
          >
            {rule.absent.label || x.answers.none}
          </Checkbox>
        </Space>
      )
    }
    case 'per-count-deduction': {
      const current = asRecord(value)
      return (
        <Space wrap data-testid={testId}>
          {rule.fields.map((f) => (
            <InputNumber
              key={f.id}
              disabled={disabled}
              min={0}
              precision={0}
              addonBefore={f.label}
              value={typeof current[f.id] === 'number' ? (current[f.id] as number) : null}
              onChange={(v) => {
                const next: Record<string, number> = {}
                for (const field of rule.fields) {
                  const n = field.id === f.id ? v : current[field.id]
                  if (typeof n === 'number') next[field.id] = n
                  else if (rule.counted.includes(field.id)) next[field.id] = 0
                }
                onChange(next)
              }}
            />
          ))}
        </Space>
      )
    }
    case 'password-policy': {
      const current = asRecord(value)
      const minLength = typeof current.minLength === 'number' ? current.minLength : null
      const classes = asList(current.classes)
      return (
        <Space direction="vertical" data-testid={testId}>
          <InputNumber
            disabled={disabled}
            min={0}
            precision={0}
            addonBefore={x.answers.minLength}
            placeholder={x.answers.notSet}
            value={minLength}
            onChange={(v) => onChange({ minLength: typeof v === 'number' ? v : null, classes })}
          />
          <Space>
            <Typography.Text type="secondary">{x.answers.classes}</Typography.Text>
            <Checkbox.Group
              disabled={disabled}
              value={classes}
              onChange={(next) => onChange({ minLength, classes: next.map(String) })}
              options={rule.classes.map((c) => ({ value: c.id, label: c.label }))}
            />
          </Space>
        </Space>
      )
    }
  }
}

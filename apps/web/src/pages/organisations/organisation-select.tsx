import { Select } from 'antd'
import { useDeferredValue, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useOrganisation, useOrganisationList } from './use-organisations'

type Props = { value?: string | null; onChange?: (value: string | null) => void; testId?: string }

/** Picks an organisation by searching its name; the current value stays labelled even when not in the results. */
export function OrganisationSelect({ value, onChange, testId }: Props) {
  const { t } = useTranslation(['organisations', 'common', 'nav'])
  const [search, setSearch] = useState('')
  const q = useDeferredValue(search.trim())
  const list = useOrganisationList({ pageSize: 20, ...(q ? { q } : {}) })
  const current = useOrganisation(value)
  const options = (list.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))
  if (current.data && !options.some((o) => o.value === current.data.id))
    options.unshift({ value: current.data.id, label: current.data.name })
  return (
    <Select
      showSearch
      allowClear
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      onSearch={setSearch}
      filterOption={false}
      options={options}
      loading={list.isFetching}
      placeholder={t('select')}
      notFoundContent={t('noneFound')}
      data-testid={testId}
    />
  )
}

import { Select } from 'antd'
import { useEffect } from 'react'
import { useSearchParams } from 'react-router-dom'
import { useCampaigns } from '../campaigns/campaign-api'
import { useText } from '../campaigns/use-text'
import { GATEWAY_TEXTS } from './gateway-texts'

/** The campaign a gateway page looks at, kept in the URL (`?campaignId=`); the first active one by default. */
export function useCampaignChoice(): [string | undefined, (id: string) => void] {
  const [params, setParams] = useSearchParams()
  const campaigns = useCampaigns()
  const chosen = params.get('campaignId') ?? undefined
  const items = campaigns.data?.items
  useEffect(() => {
    if (chosen || !items?.length) return
    const first = items.find((c) => c.status === 'active') ?? items[0]!
    setParams(
      (p) => {
        p.set('campaignId', first.id)
        return p
      },
      { replace: true },
    )
  }, [chosen, items, setParams])
  const choose = (id: string) =>
    setParams((p) => {
      p.set('campaignId', id)
      return p
    })
  return [chosen, choose]
}

export function CampaignPicker({
  value,
  onChange,
}: {
  value: string | undefined
  onChange: (id: string) => void
}) {
  const x = useText(GATEWAY_TEXTS)
  const campaigns = useCampaigns()
  return (
    <Select
      style={{ minWidth: 260 }}
      placeholder={x.common.chooseCampaign}
      value={value}
      onChange={onChange}
      loading={campaigns.isFetching}
      data-testid="gateway-campaign"
      options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.year}）` }))}
    />
  )
}

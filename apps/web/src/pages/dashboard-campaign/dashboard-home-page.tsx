import { CampaignPicker } from '../scoring/campaign-picker'

/** 行动看板: the campaigns whose dashboard the regulator's side may open. */
export default function DashboardHomePage() {
  return <CampaignPicker kind="dashboard" />
}

import { CampaignPicker } from '../scoring/campaign-picker'

/** 报送材料: the campaigns whose forms the caller files or reads. */
export default function FormsHomePage() {
  return <CampaignPicker kind="forms" />
}

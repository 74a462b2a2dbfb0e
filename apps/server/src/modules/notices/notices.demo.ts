// Demo data of the notice loop: the demo city's notice settings as seed 001 speaks — its issuing body, the platform it
// names (“常州市网络安全监管平台”, https://wx.jscz.org.cn/wajg) and a 常网安通〔year〕n号 numbering — so that a notice
// issued in the demo reads like the real ones. Messages go to the development providers until an admin configures
// SMS and e-mail.
import { noticeRegionSettings } from '../../db/schema'
import type { DemoStep } from '../demo/demo.service'
import { DEFAULT_TEMPLATES } from './notice-templates'

export const noticesDemoStep: DemoStep = async (tx, ctx, state) => {
  await tx.insert(noticeRegionSettings).values({
    regionId: state.cityId,
    numberPattern: '常网安通〔{year}〕{n}号',
    issuer: '中共常州市委网络安全和信息化委员会办公室',
    platformName: '常州市网络安全监管平台',
    platformUrl: 'https://wx.jscz.org.cn/wajg',
    escalateAfterHours: 24,
    deadlineHours: 72,
    templates: DEFAULT_TEMPLATES as unknown as Record<string, unknown>,
    updatedBy: ctx.actor?.userId ?? null,
  })
}

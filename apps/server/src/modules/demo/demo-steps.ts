import { campaignDemoStep } from '../campaigns/campaign-demo'
import { dengbaoDemoStep } from '../dengbao/dengbao.demo'
import { inspectionsDemoStep } from '../inspections/inspections.demo'
import { noticesDemoStep } from '../notices/notices.demo'
import { evaluationDemoStep } from '../evaluation/evaluation.demo'
import { registryDemoStep } from '../assets/assets.demo'
import { scoringDemoStep } from '../scoring/scoring.demo'
import type { DemoStep } from './demo.service'

/** Demo data added by later modules (campaigns, findings, classified protection …), run in order after the region,
 * organisations and users exist. A module adds its step with one line here. */
export const DEMO_STEPS: readonly DemoStep[] = [
  registryDemoStep,
  campaignDemoStep,
  dengbaoDemoStep,
  inspectionsDemoStep,
  evaluationDemoStep,
  noticesDemoStep,
  scoringDemoStep,
]

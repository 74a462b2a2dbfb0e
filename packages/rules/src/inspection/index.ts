export {
  templateItems,
  type TBand,
  type TInspectionItem,
  type TInspectionRule,
  type TInspectionRuleKind,
  type TInspectionSection,
  type TInspectionTemplate,
  type TOption,
} from './inspection-template'
export { answerSchemaOf, doneOrPlanAnswers, scoreRule, type TItemScore } from './rule-scoring'
export {
  icsDetectionTemplate,
  icsInternetDetectionTemplate,
  icsOnsiteInspectionTemplate,
  inspectionTemplates,
  internetDetectionTemplate,
  onsiteInspectionTemplate,
} from './inspection-templates'
export {
  InspectionAnswersError,
  inspectionAnswersSchema,
  scoreInspection,
  type TInspectionAnswers,
  type TInspectionIssue,
  type TInspectionItemResult,
  type TInspectionScore,
  type TInspectionSectionResult,
  type TScoreInspectionOptions,
} from './score-inspection'

export {
  cityFramework,
  type TCityFirst,
  type TCityFramework,
  type TCityItem,
  type TCitySecond,
  type TCityThird,
} from './city-framework'
export { cityFrameworkIndex, indexCityFramework, type TCityFrameworkIndex } from './city-framework-index'
export {
  allFirstLevelCodes,
  cityRatingScale,
  ratingValue,
  ZCityEvaluationInput,
  ZCityRating,
  type TCityEvaluationInput,
  type TCityEvaluationParsed,
  type TCityRatingName,
  type TCityRatingValue,
} from './city-evaluation.schema'
export {
  CityEvaluationInputError,
  cityGradeBands,
  cityGradeOf,
  evaluateCity,
  formatIssuePath,
  parseCityEvaluationInput,
  type TCityEvaluationResult,
  type TCityGrade,
  type TCityInputIssue,
  type TCityWeakIndicator,
  type TCityWeights,
} from './city-evaluation'

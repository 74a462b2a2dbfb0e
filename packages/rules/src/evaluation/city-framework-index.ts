// Look-ups over the framework tree, built once: the schema and the evaluation both need to find an indicator by code.
import {
  cityFramework,
  type TCityFirst,
  type TCityFramework,
  type TCityItem,
  type TCitySecond,
  type TCityThird,
} from './city-framework'

export type TCityFrameworkIndex = {
  framework: TCityFramework
  first: Map<string, TCityFirst>
  second: Map<string, { second: TCitySecond; first: TCityFirst }>
  third: Map<string, { third: TCityThird; second: TCitySecond; first: TCityFirst }>
  item: Map<string, { item: TCityItem; third: TCityThird; second: TCitySecond; first: TCityFirst }>
}

export function indexCityFramework(framework: TCityFramework): TCityFrameworkIndex {
  const index: TCityFrameworkIndex = {
    framework,
    first: new Map(),
    second: new Map(),
    third: new Map(),
    item: new Map(),
  }
  for (const first of framework.first) {
    index.first.set(first.code, first)
    for (const second of first.second) {
      index.second.set(second.code, { second, first })
      for (const third of second.third) {
        index.third.set(third.code, { third, second, first })
        for (const item of third.items) index.item.set(item.code, { item, third, second, first })
      }
    }
  }
  return index
}

export const cityFrameworkIndex = indexCityFramework(cityFramework)

// Public entry of the scenario format: the types, validation and the world a scenario describes.
// Pure (no Node, no DOM): the runner, the exercise checker and the page all use it.

export {
  baseName,
  inLan,
  intToIp,
  ipToInt,
  parseSubnet,
  programName,
  programRuntime,
  stdinLine,
  type HostKind,
  type Scenario,
  type ScenarioAccessPoint,
  type ScenarioHost,
  type ScenarioImpairment,
  type ScenarioInterface,
  type ScenarioLan,
  type ScenarioProgram,
  type ScenarioRuntime,
  type ScenarioStart,
  type ScenarioStdinLine,
} from './format.ts';
export { ScenarioError, validateScenario, type ScenarioErrorCode } from './validate.ts';
export { buildWorld, type World, type WorldHost, type WorldOptions } from './world.ts';

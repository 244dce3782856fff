/** Project scaffolding: `kubegen init` and `kubegen create api`, as pure plans over a read-only tree. */
export { planInit, initFiles, type InitOptions } from './init.js';
export { planCreateApi, controllerRegistration, controllerRules, controllerRbacMarkers, handKeptRoleConflict, RBAC_ROLE, type CreateApiOptions } from './create.js';
export { insertAtMarkers, addToYamlList, markerLine, type Insertion } from './edit.js';
export { resourceNames, checkResourceArgs, checkDomain, checkPackageName, projectNameOf, packageNameForDir, type ResourceNames, type ResourceArgs } from './names.js';
export { parseProject, renderProject, PROJECT_FILE, type ProjectConfig, type ProjectResource } from './project.js';
export { DEV_TOOL_VERSIONS } from './versions.js';
export { ScaffoldInputError, type ScaffoldFile, type ScaffoldPlan, type ReadTree, type ToolVersions } from './types.js';

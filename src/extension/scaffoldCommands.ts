// The commands that render templates (New NIMService from Template…, Open Example NIMService with a Mistake), with
// the template catalogue and its zod parameter schemas. Bundled on its own (dist/scaffoldCommands.js) and required
// by src/extension/main.ts when one of them first runs: activation does not pay for zod.
export { newFromTemplate } from './scaffold/newFromTemplate.js';
export { openExampleManifest } from './walkthrough/exampleManifest.js';

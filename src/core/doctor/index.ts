export type { DoctorSeverity, Evidence, Finding, ManifestFix, SignatureRole } from './types.js';
export { SIGNATURES, signatureById, literal, type Signature } from './signatures.js';
export { combinedKeywordPattern, combinedKeywordRegExp } from './prefilter.js';
export { evidenceText } from './redact.js';
export { maskCredentials } from '../security/redact.js';
export { containerStatusLines, podStatusLines, eventLine, type ContainerStatusFacts, type ContainerStateFacts, type EventFacts, type PodFacts } from './clusterFacts.js';
export { StreamingDoctor } from './streamingDoctor.js';
export { diagnose, type DiagnoseInput } from './diagnose.js';
export { formatFindingsText } from './formatText.js';

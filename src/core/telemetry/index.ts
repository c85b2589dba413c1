export { FAMILIES, engineNaming } from './engineFamilies.js';
export { histogramQuantile, bucketDelta, bucketTotal, type Buckets } from './histogramQuantile.js';
export { engineSnapshot, type EngineSnapshot } from './engineSnapshot.js';
export { telemetrySample, type TelemetrySample, type GpuFigure, type LatencyQuantiles } from './telemetrySample.js';
export { gpuFigures, findDcgmService, NO_DCGM_EXPORTER, type ServiceInfo, type DcgmService } from './dcgm.js';
export { openDcgmSource, noGpuSource, type GpuSource, type GpuReading } from './dcgmSource.js';
export { watchTelemetry, metricsUrlFor, type TelemetryWatch, type TelemetryWatchOptions } from './watchTelemetry.js';

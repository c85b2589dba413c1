/**
 * Bytes per weight / per KV-cache element for the dtypes and quantization schemes vLLM accepts.
 * Weights: bf16/fp16 2, fp8/int8 1, int4 (AWQ, GPTQ, NVFP4, bitsandbytes 4-bit) 0.5.
 */
const BYTES: Record<string, number> = {
  auto: 2,
  bfloat16: 2,
  bf16: 2,
  float16: 2,
  fp16: 2,
  half: 2,
  float32: 4,
  fp32: 4,
  float: 4,
  fp8: 1,
  fp8_e4m3: 1,
  fp8_e5m2: 1,
  'fp8-dynamic': 1,
  'compressed-tensors-w8a8': 1,
  int8: 1,
  w8a8: 1,
  w8a16: 1,
  'fbgemm_fp8': 1,
  modelopt: 1,
  int4: 0.5,
  awq: 0.5,
  awq_marlin: 0.5,
  gptq: 0.5,
  gptq_marlin: 0.5,
  w4a16: 0.5,
  nvfp4: 0.5,
  modelopt_fp4: 0.5,
  bitsandbytes: 0.5,
  gguf: 0.5,
};

/** Bytes per element of a dtype or quantization name; undefined when unknown. */
export function bytesOf(name: string | undefined): number | undefined {
  if (!name) return undefined;
  return BYTES[name.trim().toLowerCase().replace(/^torch\./, '')];
}

/** Quantization from a config.json `quantization_config` (quant_method, bits, weight format). */
export function quantizationFromConfig(config: Record<string, unknown> | undefined): string | undefined {
  if (!config) return undefined;
  const method = typeof config.quant_method === 'string' ? config.quant_method.toLowerCase() : undefined;
  const bits = typeof config.bits === 'number' ? config.bits : typeof config.w_bit === 'number' ? config.w_bit : undefined;
  if (bits === 4) return 'int4';
  if (bits === 8) return method === 'fp8' ? 'fp8' : 'int8';
  if (method === 'compressed-tensors') {
    const text = JSON.stringify(config).toLowerCase();
    if (/"num_bits":\s*4/.test(text)) return 'int4';
    return 'int8';
  }
  if (method === 'modelopt') return JSON.stringify(config).toLowerCase().includes('fp4') ? 'nvfp4' : 'fp8';
  return method && bytesOf(method) !== undefined ? method : method;
}

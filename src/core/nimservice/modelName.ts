/**
 * Parameter count written in a model's name (`Llama-3.2-1B`, `Qwen2.5-0.5B-Instruct`, `opt-125m`,
 * `Mixtral-8x7B`), in billions; undefined when the name does not say. Not a catalogue: only what the id spells.
 */
export function parameterBillionsFromName(model: string | undefined): number | undefined {
  if (!model) return undefined;
  const name = model.split('/').pop() ?? model;
  const experts = /(?:^|[-_.])(\d+)x(\d+(?:\.\d+)?)([bm])(?=$|[-_.])/i.exec(name);
  if (experts) return Number(experts[1]) * scale(Number(experts[2]), experts[3]);
  const match = /(?:^|[-_.])(\d+(?:\.\d+)?)([bm])(?=$|[-_.])/i.exec(name);
  return match ? scale(Number(match[1]), match[2]) : undefined;
}

function scale(value: number, unit: string): number {
  return unit.toLowerCase() === 'm' ? value / 1000 : value;
}

// One line per figure, `figure: <name> key=value …`, so CI logs and the README's reliability section quote the same text.
export function printFigure(name: string, values: Record<string, string | number | boolean>): void {
  const parts = Object.entries(values).map(([key, value]) => `${key}=${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}`);
  console.log(`figure: ${name} ${parts.join(' ')}`);
}

// Text fields hold strings; the forms hold numbers. An empty or non-numeric field reads as "not set".
export const num = (text: string): number | undefined => (text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text));
export const str = (value: number | undefined) => (value === undefined ? '' : String(value));

/** Types of scripts/gen-zh-tw-table.mjs (for the tests that import it). */
export function literals(source: string): string[];
export function sourceTexts(): string[];
export function table(texts?: string[]): Promise<Record<string, string>[]>;
export function opencc(): (text: string) => string;

// Reading JSON bodies in tests, where the shape is asserted afterwards rather than declared.

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary response JSON
export type Json = Record<string, any>;

export const readJson = async (response: Response): Promise<Json> => (await response.json()) as Json;

// The few members the interoperability tests use of libraries that ship no types (test/unit/credential-interop.test.ts).
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function decodeList(input: {
    encodedList: string;
  }): Promise<{ length: number; getStatus(index: number): boolean }>;
}
declare module 'jsonld' {
  const jsonld: {
    expand(input: unknown, options: unknown): Promise<unknown>;
    compact(input: unknown, context: unknown, options: unknown): Promise<unknown>;
  };
  export default jsonld;
}

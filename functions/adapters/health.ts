// Liveness of the storage behind the service, for GET /healthz. Probes are passed in so that the verify
// function, which has no S3 access, does not bundle the S3 client.
export interface StorageHealth {
  ok: boolean;
  [store: string]: unknown;
}

export type StorageProbe = () => Promise<unknown>;

/**
 * `reports` are told as they are and never make the answer 503: a stale trust list is a warning, the service
 * still verifies with the last good one (docs/network.md §6).
 */
export const createHealthCheck =
  (probes: Record<string, StorageProbe>, reports: Record<string, () => Promise<unknown>> = {}) =>
  async (): Promise<StorageHealth> => {
    const entries = await Promise.all(
      Object.entries(probes).map(
        async ([name, probe]) =>
          [
            name,
            await probe().then(
              () => true,
              () => false,
            ),
          ] as const,
      ),
    );
    const told = await Promise.all(
      Object.entries(reports).map(
        async ([name, report]) => [name, await report().catch(() => ({ status: 'unavailable' }))] as const,
      ),
    );
    return {
      ok: entries.every(([, up]) => up),
      ...Object.fromEntries(entries),
      ...Object.fromEntries(told),
    };
  };

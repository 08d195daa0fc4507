// Liveness of the storage behind the service, for GET /healthz. Probes are passed in so that the verify
// function, which has no S3 access, does not bundle the S3 client.
export interface StorageHealth {
  ok: boolean;
  [store: string]: boolean;
}

export type StorageProbe = () => Promise<unknown>;

export const createHealthCheck =
  (probes: Record<string, StorageProbe>) => async (): Promise<StorageHealth> => {
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
    return { ok: entries.every(([, up]) => up), ...Object.fromEntries(entries) };
  };

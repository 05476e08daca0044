import type { AxiosInstance } from "axios";

/**
 * Resolves when the next request to a source's API may be sent: the fleet's per-source request
 * rate limit (FETCH_RATE_<SOURCE>), shared by every worker. Each connector awaits it before every
 * HTTP request it sends, its client's own retries included, so retries spend the same budget as
 * first attempts. Without one a connector sends as fast as the API answers.
 */
export type RequestGate = () => Promise<void>;

/**
 * Puts an axios instance's every request behind the gate. axios-retry sends a retry through the
 * instance again, so the interceptor sees retries too.
 */
export function gateAxios(client: AxiosInstance, gate: RequestGate | undefined): void {
  if (!gate) return;
  client.interceptors.request.use(async (config) => {
    await gate();
    return config;
  });
}

/**
 * Puts each request of dots-wrapper's axios instance into the audit trail (intent before it is
 * sent, outcome when it returns or fails): axios is DigitalOcean's one HTTP path.
 */
import type { AxiosError, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import { beginHttp, type HttpCall } from '../../audit/http';

type Audited = InternalAxiosRequestConfig & { faztAudit?: HttpCall };

export function observeAxios(http: AxiosInstance, provider: string): void {
  http.interceptors.request.use((config: Audited) => {
    const url = http.getUri(config);
    config.faztAudit = beginHttp(provider, config.method ?? 'get', url);
    return config;
  });
  http.interceptors.response.use(
    (res) => {
      (res.config as Audited).faztAudit?.done({ status: res.status, headers: res.headers as Record<string, unknown> });
      return res;
    },
    (err: AxiosError) => {
      const call = (err.config as Audited | undefined)?.faztAudit;
      if (err.response) call?.done({ status: err.response.status, headers: err.response.headers as Record<string, unknown> });
      else call?.failed(err);
      return Promise.reject(err);
    },
  );
}

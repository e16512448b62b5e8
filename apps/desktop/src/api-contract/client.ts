import { OaError } from '@oa/shared';
import { desktopMethods, type DesktopMethod, type MethodInput, type MethodOutput } from './contract';
import { apiResponseSchema, type ApiResponse } from './errors';

/**
 * Carries one call to the API table and brings back its response: Electron IPC through the
 * preload bridge, HTTP to the web host, or a direct call in tests.
 */
export type ApiTransport = (method: DesktopMethod, input: unknown) => Promise<ApiResponse>;

/** One async function per method of the table, typed by the contract. */
export type ApiClient = { [M in DesktopMethod]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/**
 * The renderer's (and any other caller's) typed view of the API table. A failed call
 * rejects with an OaError carrying the error's code, Chinese and English message.
 */
export function createApiClient(transport: ApiTransport): ApiClient {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of desktopMethods) {
    client[method] = async (input: unknown) => {
      const raw = await transport(method, input);
      const response = apiResponseSchema.safeParse(raw);
      if (!response.success) {
        throw new OaError('API_BAD_RESPONSE', {
          zh: '服务返回了无法识别的应答',
          en: 'The service sent a response that cannot be read',
        });
      }
      if (response.data.ok) return response.data.value;
      const { code, message, details } = response.data.error;
      throw new OaError(code, message, details);
    };
  }
  return client as ApiClient;
}

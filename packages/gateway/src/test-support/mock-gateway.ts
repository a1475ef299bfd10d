import type { ChatModel } from '@org/llm-core';
import { hashGatewayKey, type GatewayKey } from '../auth/gateway-key.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../create-gateway.ts';

/** A gateway serving given models under their names. */
export interface MockGateway extends AsyncDisposable {
  readonly gateway: Gateway;
  readonly url: string;
  /** POSTs JSON (or GETs when `body` is undefined) with a key. */
  fetch(
    path: string,
    init?: { body?: unknown; key?: string; headers?: Record<string, string> },
  ): Promise<Response>;
}

/** Keys `secret-<id>` for each id given, with the limits given. */
export function keys(...specs: Omit<GatewayKey, 'sha256'>[]): GatewayKey[] {
  return specs.map((spec) => ({ ...spec, sha256: hashGatewayKey(`secret-${spec.id}`) }));
}

/** Starts a gateway in front of `models` (served under their keys in the record). */
export async function startMockGateway(
  models: Readonly<Record<string, ChatModel>>,
  options: Partial<GatewayOptions> = {},
): Promise<MockGateway> {
  const gateway = createGateway({
    registry: {
      chatModel: (name) => {
        const model = models[name];
        if (model === undefined) throw new Error(`no model ${name}`);
        return model;
      },
    },
    models: Object.keys(models),
    keys: keys({ id: 'main' }),
    onError: () => undefined,
    ...options,
  });
  const { url } = await gateway.listen();
  const close = (): Promise<void> => gateway.close();
  return {
    gateway,
    url,
    fetch: (path, init = {}) =>
      fetch(`${url}${path}`, {
        method: init.body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${init.key ?? 'secret-main'}`,
          'content-type': 'application/json',
          ...init.headers,
        },
        ...(init.body === undefined
          ? {}
          : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
      }),
    [Symbol.asyncDispose]: close,
  };
}
